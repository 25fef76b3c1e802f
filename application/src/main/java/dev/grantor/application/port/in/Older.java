package dev.grantor.application.port.in;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a page read by position goes on (a history, a customer's grants, a customer's purchases): past the row made at
 * {@code at} with id {@code id} (an id's characters, as an {@code IdGenerator} makes them, a dash allowed for a host's
 * own), after {@code shown} rows on the pages before it, so the next page numbers its rows on from there. {@link #token}
 * is how a link carries it; {@link #parse} reads one back, refusing any other text ({@code VALIDATION_FAILED} on
 * {@code before}).
 */
public record Older(Instant at, String id, int shown) {

    public Older {
        if (at == null || id == null || !id.matches(ID) || shown < 1) {
            throw new IllegalArgumentException("a page's position is a row's time and id, after the rows shown");
        }
    }

    private static final String ID = "[0-9A-Za-z_-]+";

    /** The rows the pages before {@code before} showed: none before the first page. */
    public static int shownBefore(Option<Older> before) {
        return before.map(Older::shown).getOrElse(0);
    }

    public String token() {
        return at + "~" + id + "~" + shown;
    }

    public static Either<GrantorError, Older> parse(String token) {
        var parts = token == null ? new String[0] : token.split("~", -1);
        try {
            if (parts.length == 3 && parts[1].matches(ID) && parts[2].matches("[1-9][0-9]{0,8}")) {
                return Either.right(new Older(Instant.parse(parts[0]), parts[1], Integer.parseInt(parts[2])));
            }
        } catch (DateTimeParseException malformed) {
            // answered below, as any other text that is not a position
        }
        return Either.left(ValidationFailed.of("before", "is not a position in a list the pages made"));
    }
}

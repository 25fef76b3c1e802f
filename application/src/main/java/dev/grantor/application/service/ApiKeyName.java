package dev.grantor.application.service;

import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.VisibleName;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * An API key's name, wherever one is given (creating a key, renaming it): the rule of every name people read ({@link
 * VisibleName}: a bidi override could make a history's "API key “billing” (key_...)" read as another key's), in at most
 * {@value #MAX_LENGTH} characters. Short, because a history prints it beside every change the key made.
 */
public final class ApiKeyName {

    public static final int MAX_LENGTH = 60;

    private ApiKeyName() {
    }

    /** None stays none (no name); a given name must meet the rule: a blank one is refused, not read as none. */
    public static Either<GrantorError, Option<String>> parse(Option<String> name) {
        if (name == null || name.isEmpty()) {
            return Either.right(Option.none());
        }
        var parsed = VisibleName.parse("name", name.get(), MAX_LENGTH);
        return parsed.isRight() && parsed.get().isEmpty()
                ? Either.left(ValidationFailed.of("name", VisibleName.rule(MAX_LENGTH))) : parsed;
    }

    /**
     * {@code API_KEY_NAME_TAKEN}, naming the holder and its name as written, when another unrevoked key among {@code
     * keys} (a business's, {@code self} excluded: a key may take its own name in another case) has {@code name},
     * compared by {@link ApiKeys#nameKey}. Asked in the
     * unit that writes the name; the store's unique index answers the callers this check let through together.
     */
    static Option<GrantorError> takenAmong(List<ApiKey> keys, Option<String> name, String self) {
        return name.flatMap(wanted -> keys
                .find(key -> !key.id().equals(self) && key.revokedAt().isEmpty()
                        && key.name().exists(held -> ApiKeys.nameKey(held).equals(ApiKeys.nameKey(wanted))))
                .map(holder -> new GrantorError.ApiKeyNameTaken(holder.name().get(), holder.id())));
    }
}

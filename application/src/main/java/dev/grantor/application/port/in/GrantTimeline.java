package dev.grantor.application.port.in;

import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * What happened to a grant, newest first, a page at a time: its own lifecycle (issued, delivered or failed, revoked),
 * the values its key was rotated away from, the resends of its delivery email, what operators did to it, its emails
 * (each as it stands: queued, retried, sent or parked) and the webhook deliveries of its events. A page reads each of
 * those with the same bound and a page's worth of entries, so a grant rotated monthly for years reads one page's
 * entries, not its whole history. Emails and deliveries record which grant they are about since PostgreSQL V38 / SQLite
 * V35, and those written before were linked by PostgreSQL V40 / SQLite V37 from their payloads; sent emails and finished
 * deliveries are known only until they are purged.
 */
public interface GrantTimeline {

    /**
     * Where an entry comes from. Entries are ordered by time, then by source (in this order of declaration, the later
     * first in a newest-first page), then by id within the source: a total order, so two entries of one instant never
     * repeat or vanish across a page boundary, whichever sources they come from.
     */
    enum Source {
        LIFECYCLE, KEY_VALUE, RESEND, ACTION, EMAIL, WEBHOOK;

        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Option<Source> parse(String wire) {
            return List.of(values()).find(s -> s.wire().equals(wire));
        }
    }

    /** One entry of a grant's timeline; {@code id} orders it among its source's entries of the same instant. */
    sealed interface Entry {
        Instant at();

        Source source();

        String id();
    }

    /** Lifecycle ids order a grant's own steps of one instant as they happen: issued, then delivered or failed. */
    record Issued(Instant at, GrantOrigin origin) implements Entry {
        public Source source() {
            return Source.LIFECYCLE;
        }

        public String id() {
            return "1-issued";
        }
    }

    /** {@code licenseKey}: a key was delivered (its email queued), rather than a delivery the shop reported. */
    record Delivered(Instant at, boolean licenseKey) implements Entry {
        public Source source() {
            return Source.LIFECYCLE;
        }

        public String id() {
            return "2-delivered";
        }
    }

    record Failed(Instant at, String errorCode, String errorMessage) implements Entry {
        public Source source() {
            return Source.LIFECYCLE;
        }

        public String id() {
            return "2-failed";
        }
    }

    record Revoked(Instant at, RevocationReason reason) implements Entry {
        public Source source() {
            return Source.LIFECYCLE;
        }

        public String id() {
            return "3-revoked";
        }
    }

    /**
     * Who asked for a rotation or a resend, as a reader names them: one rule for both, read from what each stored
     * ({@link KeyRotated#asker()}, {@link Resent#asker()}).
     */
    sealed interface Asker {
        /** Someone every history names as an actor; {@code recorded} is {@link Actor#recorded()}'s form. */
        record AsActor(String recorded) implements Asker {}

        /** The grant's own customer, on the portal. */
        record Customer() implements Asker {}

        /** A name given on the command line ({@link DeliveryResends.ByCommandLine}): no actor of the histories. */
        record CommandLine(String name) implements Asker {}

        /**
         * A name that reads as no actor, shown as it was stored: one given on the command line that would read as
         * another kind of actor ("host", "api_key:…"), or a host application's own words for a rotation.
         */
        record AsStored(String text) implements Asker {}

        /**
         * From a stored requester ({@link DeliveryResends.Requester#recorded()}) or a rotation's {@code rotatedBy}
         * (an API key's id, or the customer's stored form). An operator's part that would read back as another kind
         * of actor is shown as stored rather than credit the host application or an API key with it. A command-line
         * resend stored before {@link DeliveryResends.Requester#COMMAND_LINE} existed has an operator's form and
         * reads as one.
         */
        static Asker of(String stored) {
            if (stored.startsWith(DeliveryResends.Requester.CUSTOMER)) {
                return new Customer();
            }
            if (stored.startsWith(DeliveryResends.Requester.COMMAND_LINE)
                    && !stored.substring(DeliveryResends.Requester.COMMAND_LINE.length()).isBlank()) {
                return new CommandLine(stored.substring(DeliveryResends.Requester.COMMAND_LINE.length()));
            }
            if (stored.startsWith(Actor.API_KEY) && stored.length() > Actor.API_KEY.length()) {
                return new AsActor(stored);
            }
            if (stored.startsWith("key_")) {
                return new AsActor(new Actor.ApiKey(stored).recorded());
            }
            if (stored.startsWith(DeliveryResends.Requester.OPERATOR)) {
                String named = stored.substring(DeliveryResends.Requester.OPERATOR.length());
                if (!named.isBlank() && !named.equals(Actor.HOST) && !named.startsWith(Actor.API_KEY)) {
                    return new AsActor(named);
                }
            }
            return new AsStored(stored);
        }
    }

    /** The key's value was replaced; only the old value's SHA-256 is kept, and who asked (an API key id). */
    record KeyRotated(Instant at, String valueSha256, String rotatedBy) implements Entry {
        public Source source() {
            return Source.KEY_VALUE;
        }

        public Asker asker() {
            return Asker.of(rotatedBy);
        }

        public String id() {
            return valueSha256;
        }
    }

    /** {@code requestedBy} is the requester's stored form ({@link DeliveryResends.Requester#recorded()}). */
    record Resent(Instant at, String outboxMessageId, String requestedBy) implements Entry {
        public Source source() {
            return Source.RESEND;
        }

        public Asker asker() {
            return Asker.of(requestedBy);
        }

        public String id() {
            return outboxMessageId;
        }
    }

    /** An audit entry about the grant; {@code actor} as {@link Actor#recorded()} names it. */
    record Action(Instant at, String entryId, String actor, String action, String detail) implements Entry {
        public Source source() {
            return Source.ACTION;
        }

        public String id() {
            return entryId;
        }
    }

    /**
     * An email about the grant (its delivery email, a resend), placed at the time it was queued and shown as it stands:
     * {@code attempts} failed tries so far, {@code lastError} what the mail server answered the last one, {@code settledAt}
     * when it was sent or parked; {@code retryAt}, while it is pending after a failed try, when the relay tries it next
     * (the operator's send-now can bring that forward). {@code requeueable}: parked, and the operator's requeue can send
     * it again.
     */
    record Email(Instant at, String messageId, String topic, EmailState state, int attempts, Option<String> lastError,
                 Option<Instant> settledAt, Option<Instant> retryAt, boolean requeueable) implements Entry {
        public Source source() {
            return Source.EMAIL;
        }

        public String id() {
            return messageId;
        }
    }

    /** {@code PENDING}: queued, or waiting for its next try after a failed one; {@code PARKED}: given up on. */
    enum EmailState { PENDING, SENT, PARKED }

    /**
     * One endpoint's delivery of an event about the grant, placed at the time it was recorded and shown as it stands:
     * its attempts so far and what the last one got ({@code lastResponseCode}, {@code lastError}, at {@code lastAttemptAt}).
     * {@code retryable}: it failed, or its last attempt did, and the operator's retry sends it again.
     */
    record Webhook(Instant at, String deliveryId, String endpointId, String eventType, WebhookState state, int attempts,
                   Option<Integer> lastResponseCode, Option<String> lastError, Option<Instant> lastAttemptAt,
                   boolean retryable) implements Entry {
        public Source source() {
            return Source.WEBHOOK;
        }

        public String id() {
            return deliveryId;
        }
    }

    enum WebhookState { PENDING, DELIVERED, FAILED }

    /**
     * Where a page ended: its last (oldest) entry's time, source and id, and how many entries the pages read so far
     * showed ({@code shown}), so the next page numbers its entries on from there. {@link #token} is how a link carries
     * it; {@link #parse} reads one back and refuses any other text ({@code VALIDATION_FAILED} on {@code before}).
     */
    record Older(Instant at, Source source, String id, int shown) {
        /** A position a store can compare with: an instant within four-digit years. */
        private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

        public Older {
            if (at == null || at.isAfter(LAST) || source == null || id == null || !id.matches("[0-9A-Za-z_-]+") || shown < 1) {
                throw new IllegalArgumentException("a timeline's position is an entry's time, source and id, after the entries shown");
            }
        }

        public static Older after(Entry entry, int shown) {
            return new Older(entry.at(), entry.source(), entry.id(), shown);
        }

        public String token() {
            return at + "~" + source.wire() + "~" + id + "~" + shown;
        }

        public static Either<GrantorError, Older> parse(String token) {
            var parts = token == null ? new String[0] : token.split("~", -1);
            try {
                if (parts.length == 4 && parts[2].matches("[0-9A-Za-z_-]+") && parts[3].matches("[1-9][0-9]{0,8}")) {
                    var at = Instant.parse(parts[0]);
                    var source = Source.parse(parts[1]);
                    if (source.isDefined() && !at.isAfter(LAST)) {
                        return Either.right(new Older(at, source.get(), parts[2], Integer.parseInt(parts[3])));
                    }
                }
            } catch (DateTimeParseException malformed) {
                // answered below, as any other text that is not a position
            }
            return Either.left(ValidationFailed.of("before", "is not a position in a timeline"));
        }
    }

    /**
     * A page of the timeline, newest first; {@code first} the number of its first entry, counted from the newest
     * entry of the page the reading started from; {@code older} where the next page starts, none on the last page.
     */
    record Page(List<Entry> entries, int first, Option<Older> older) {}

    /**
     * The grant's timeline, newest first, at most {@code limit} entries (1 to {@link PageLimits#MOST_PER_PAGE}): from
     * the newest, or from just past {@code before}. Read by position, not by count, so an entry written meanwhile
     * neither repeats nor hides one on the next page. {@code NOT_FOUND} for another business's grant or an unknown
     * one; {@code VALIDATION_FAILED} for a limit outside those bounds.
     */
    Either<GrantorError, Page> timeline(BusinessId business, String grantId, Option<Older> before, int limit);
}

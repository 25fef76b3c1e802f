package dev.grantor.application.service;

import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.PageLimits;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantState;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.TreeMap;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Comparator;
import java.util.Objects;

/**
 * A grant's timeline a page at a time. The merge of its sources lives here, in {@link #page}: each source is read
 * newest first with the bound the page's position gives it and one entry more than the page holds, and the merged
 * entries are cut to the page.
 */
public final class GrantTimelineService implements GrantTimeline {

    /** Newest first: by time, then by source, then by id within the source; see {@link Source}. */
    static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::at)
            .thenComparing(Entry::source)
            .thenComparing(Entry::id)
            .reversed();

    private final Transactions transactions;
    private final Grants grants;
    private final LicenseKeys licenseKeys;
    private final ResendLedger resends;
    private final AuditTrail audit;
    private final Outbox outbox;
    private final WebhookDeliveries deliveries;

    public GrantTimelineService(Transactions transactions, Grants grants, LicenseKeys licenseKeys, ResendLedger resends,
                                AuditTrail audit, Outbox outbox, WebhookDeliveries deliveries) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.licenseKeys = Objects.requireNonNull(licenseKeys, "licenseKeys");
        this.resends = Objects.requireNonNull(resends, "resends");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    }

    @Override
    public Either<GrantorError, Page> timeline(BusinessId business, String grantId, Option<Older> before, int limit) {
        if (limit < 1 || limit > PageLimits.MOST_PER_PAGE) {
            return Either.left(ValidationFailed.of("limit", "must be between 1 and " + PageLimits.MOST_PER_PAGE));
        }
        return Grants.id(grantId).flatMap(id -> transactions.read(() -> grants.find(business, id)
                .toEither(() -> (GrantorError) new NotFound("grant", id.value()))
                .map(grant -> page(sources(business, grant), before, limit))));
    }

    /** How one source is read: newest first, only entries {@link Before#admits before} the bound, at most a limit. */
    @FunctionalInterface
    interface Read {
        List<? extends Entry> newest(Option<Before> before, int limit);
    }

    private Map<Source, Read> sources(BusinessId business, Grant grant) {
        var key = licenseKeys.of(grant);
        return TreeMap.of(
                Source.LIFECYCLE, (before, limit) -> lifecycle(grant)
                        .filter(e -> before.forAll(b -> b.admits(e.at(), e.id()))).sorted(NEWEST_FIRST).take(limit),
                Source.KEY_VALUE, (before, limit) -> key.toList().flatMap(k -> licenseKeys.latestPastValues(k.id(), before, limit))
                        .map(p -> new KeyRotated(p.replacedAt(), p.valueSha256(), p.replacedBy())),
                Source.RESEND, (before, limit) -> resends.latest(business, grant.id(), before, limit)
                        .map(r -> new Resent(r.requestedAt(), r.outboxMessageId(), r.requestedBy())),
                Source.ACTION, (before, limit) -> audit.latestAbout(business, grant.id().value(), before, limit)
                        .map(a -> new Action(a.at(), a.id(), a.actor(), a.action(), a.detail())),
                Source.EMAIL, (before, limit) -> outbox.emailsAbout(business, grant.id(), before, limit)
                        .map(GrantTimelineService::email),
                Source.WEBHOOK, (before, limit) -> deliveries.aboutGrant(business, grant.id(), before, limit)
                        .map(GrantTimelineService::webhook));
    }

    private static Email email(Outbox.GrantEmail m) {
        var state = switch (m.status()) {
            case PENDING -> EmailState.PENDING;
            case SENT -> EmailState.SENT;
            case PARKED -> EmailState.PARKED;
        };
        return new Email(m.createdAt(), m.id(), m.topic(), state, m.attempts(), m.lastError(), m.settledAt(),
                m.attempts() > 0 ? m.nextAttemptAt() : Option.none(), state == EmailState.PARKED && !Outbox.SECRET_TOPICS.contains(m.topic()));
    }

    /** Retryable as on the Webhooks page: failed, or pending after a failed attempt. */
    private static Webhook webhook(WebhookDeliveries.WebhookDelivery d) {
        var state = switch (d.status()) {
            case PENDING -> WebhookState.PENDING;
            case DELIVERED -> WebhookState.DELIVERED;
            case FAILED -> WebhookState.FAILED;
        };
        return new Webhook(d.createdAt(), d.id(), d.endpointId(), d.eventType(), state, d.attempts(), d.lastResponseCode(),
                d.lastError(), d.lastAttemptAt(), state == WebhookState.FAILED || state == WebhookState.PENDING && d.attempts() > 0);
    }

    /**
     * The page past {@code before} (from the newest without it) of the entries {@code sources} hold. Each source is
     * read with the bound {@link #bound} gives it and as many entries as the page reads ({@link Slice#read}): the
     * page's entries, and the one that says whether an older page follows, are among the sources' first ones.
     */
    static Page page(Map<Source, Read> sources, Option<Older> before, int limit) {
        var page = Slice.read(limit, before.map(Older::shown).getOrElse(0), reading -> sources.toList()
                .flatMap(source -> source._2.newest(bound(source._1, before), reading))
                .<Entry>map(e -> e)
                .sorted(NEWEST_FIRST));
        return new Page(page.rows(), page.shownBefore() + 1, page.nextCounting(Older::after));
    }

    /**
     * What of {@code source} comes after the position {@code before} in {@link #NEWEST_FIRST}: at the position's
     * instant, all of a source ordered after the position's source, none of one ordered before it, and of the
     * position's own source the entries with a lower id.
     */
    static Option<Before> bound(Source source, Option<Older> before) {
        return before.map(older -> {
            int order = source.compareTo(older.source());
            return order == 0 ? new Before(older.at(), older.id())
                    : order < 0 ? Before.through(older.at())
                    : Before.strictly(older.at());
        });
    }

    /** The grant's own steps, read from its state: at most three, so listed whole and bounded in memory. */
    private static List<Entry> lifecycle(Grant grant) {
        List<Entry> steps = List.of(new Issued(grant.createdAt(), grant.origin()));
        var live = switch (grant.state()) {
            case GrantState.Revocable revocable -> revocable;
            case GrantState.Revoked revoked -> revoked.ended();
        };
        steps = switch (live) {
            case GrantState.Pending pending -> steps;
            case GrantState.Delivered delivered -> steps.append(new Delivered(delivered.deliveredAt(),
                    delivered.delivery() instanceof GrantState.KeyDelivery));
            case GrantState.Failed failed -> steps.append(new Failed(failed.failedAt(), failed.errorCode(), failed.errorMessage()));
        };
        if (grant.state() instanceof GrantState.Revoked revoked) {
            steps = steps.append(new Revoked(revoked.revokedAt(), revoked.reason()));
        }
        return steps;
    }
}

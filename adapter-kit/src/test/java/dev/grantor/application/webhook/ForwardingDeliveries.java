package dev.grantor.application.webhook;

import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;

/** Deliveries that pass every call on to another store: a test overrides only the calls it watches or breaks. */
abstract class ForwardingDeliveries implements WebhookDeliveries {

    private final WebhookDeliveries delegate;

    ForwardingDeliveries(WebhookDeliveries delegate) {
        this.delegate = delegate;
    }

    @Override public void record(List<WebhookDelivery> deliveries) { delegate.record(deliveries); }
    @Override public List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease, Shares shares) {
        return delegate.claimDue(now, limit, lease, shares);
    }
    @Override public boolean markDelivered(dev.grantor.application.port.out.Claim claim, int attempts, int responseCode, Instant at) {
        return delegate.markDelivered(claim, attempts, responseCode, at);
    }
    @Override public DeliveredAndClaimed markDeliveredAndClaimDue(List<Delivered> delivered, Instant now, int limit,
                                                                  Duration lease, Shares shares) {
        return delegate.markDeliveredAndClaimDue(delivered, now, limit, lease, shares);
    }
    @Override public boolean reschedule(dev.grantor.application.port.out.Claim claim, int attempts, Option<Integer> code, String error, Instant at,
                                        Instant next) {
        return delegate.reschedule(claim, attempts, code, error, at, next);
    }
    @Override public boolean fail(dev.grantor.application.port.out.Claim claim, int attempts, Option<Integer> code, String error, Instant at) {
        return delegate.fail(claim, attempts, code, error, at);
    }
    @Override public Option<WebhookDelivery> find(BusinessId business, String id) { return delegate.find(business, id); }
    @Override public Option<WebhookDelivery> hold(BusinessId business, String id) { return delegate.hold(business, id); }
    @Override public List<WebhookDelivery> aboutGrant(BusinessId business, dev.grantor.domain.shared.GrantId grant,
                                                      Option<dev.grantor.application.port.out.Before> before, int limit) {
        return delegate.aboutGrant(business, grant, before, limit);
    }
    @Override public List<WebhookDelivery> recent(BusinessId business, String endpointId, int limit) {
        return delegate.recent(business, endpointId, limit);
    }
    @Override public boolean requeue(BusinessId business, String id, Instant now) { return delegate.requeue(business, id, now); }
    @Override public boolean bringForward(BusinessId business, String id, Instant now) {
        return delegate.bringForward(business, id, now);
    }
    @Override public int purgeFinished(Instant createdBefore, int limit) { return delegate.purgeFinished(createdBefore, limit); }
    @Override public Backlog backlog(Instant now) { return delegate.backlog(now); }
}

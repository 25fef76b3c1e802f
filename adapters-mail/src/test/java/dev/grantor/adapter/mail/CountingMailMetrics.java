package dev.grantor.adapter.mail;

import java.util.concurrent.atomic.AtomicInteger;

/** The one counting double of {@link MailMetrics} for this module's tests and benchmarks. */
public final class CountingMailMetrics implements MailMetrics {

    public final AtomicInteger accepted = new AtomicInteger();
    public final AtomicInteger deferred = new AtomicInteger();
    public final AtomicInteger rejected = new AtomicInteger();
    public final AtomicInteger connections = new AtomicInteger();

    @Override
    public void accepted() {
        accepted.incrementAndGet();
    }

    @Override
    public void deferred() {
        deferred.incrementAndGet();
    }

    @Override
    public void rejected() {
        rejected.incrementAndGet();
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }
}

package dev.grantor.adapter.mail;

import java.util.concurrent.atomic.AtomicInteger;

final class CountingMailMetrics implements MailMetrics {

    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger deferred = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

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

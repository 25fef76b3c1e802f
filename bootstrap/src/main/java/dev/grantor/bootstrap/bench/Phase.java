package dev.grantor.bootstrap.bench;

import java.util.Arrays;
import java.util.Locale;

/** The figures of one phase of a load run; latencies in nanoseconds, percentiles by nearest rank. */
public record Phase(String name, int requests, long elapsedNanos, int errors, long p50, long p95, long p99, long max) {

    static Phase of(String name, long[] latencies, long elapsedNanos, int errors) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Phase(name, sorted.length, elapsedNanos, errors, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public double throughput() {
        return elapsedNanos == 0 ? 0 : requests / (elapsedNanos / 1e9);
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "%-8s %7d requests in %7.2f s: %9.1f req/s   p50 %7.2f ms   p95 %7.2f ms   p99 %7.2f ms   max %8.2f ms   errors %d",
                name, requests, elapsedNanos / 1e9, throughput(), millis(p50), millis(p95), millis(p99), millis(max), errors);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}

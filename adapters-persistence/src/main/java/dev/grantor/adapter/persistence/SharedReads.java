package dev.grantor.adapter.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Reads that callers arriving together share: while {@code lanes} reads are out, a caller waits, and when one comes back
 * the caller that waited longest reads for itself and for everyone waiting behind it (at most {@code most}), in one
 * statement. Under load a single round trip then answers many callers; a caller that finds a lane free reads at once,
 * so a lone caller waits for nothing.
 *
 * <p>A shared read starts after every caller it answers has arrived, so it sees all that was committed before each of
 * them asked: sharing never answers from an older state than reading alone would (a revoked key found valid by a read
 * that began before the revocation committed is what reading alone gives too).
 *
 * <p>The reader answers each question in order; a reader that throws fails the whole batch with the same exception, and
 * the next caller still gets its turn.
 */
final class SharedReads<Q, A> {

    private final Function<List<Q>, List<A>> reader;
    private final int lanes;
    private final int most;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: callers waiting for a lane, the longest waiting first. */
    private final ArrayDeque<Caller<Q, A>> waiting = new ArrayDeque<>();
    /** Guarded by {@link #lock}: reads out now; {@link #waiting} holds someone only while all lanes are taken. */
    private int out;
    private final LongAdder reads = new LongAdder();
    private final LongAdder answered = new LongAdder();

    SharedReads(Function<List<Q>, List<A>> reader, int lanes, int most) {
        if (lanes < 1 || most < 1) {
            throw new IllegalArgumentException("lanes and most must be positive: " + lanes + ", " + most);
        }
        this.reader = Objects.requireNonNull(reader, "reader");
        this.lanes = lanes;
        this.most = most;
    }

    /** The answer to {@code question}, read alone or with the callers that arrived while every lane was taken. */
    A read(Q question) {
        var me = new Caller<Q, A>(question);
        boolean lead;
        lock.lock();
        try {
            lead = out < lanes;
            if (lead) {
                out++;
            } else {
                waiting.add(me);
            }
        } finally {
            lock.unlock();
        }
        if (!lead) {
            var turn = me.turn.join();
            if (!(turn instanceof Turn.Lead<A>)) {
                return turn.answer();
            }
        }
        return lead(me);
    }

    /** Reads for {@code me} and those waiting behind it, then hands the lane to the next one waiting, if any. */
    private A lead(Caller<Q, A> me) {
        var batch = new ArrayList<Caller<Q, A>>();
        batch.add(me);
        lock.lock();
        try {
            while (batch.size() < most && !waiting.isEmpty()) {
                batch.add(waiting.poll());
            }
        } finally {
            lock.unlock();
        }
        reads.increment();
        answered.add(batch.size());
        try {
            List<A> answers;
            try {
                answers = reader.apply(batch.stream().map(Caller::question).toList());
                if (answers.size() != batch.size()) {
                    throw new IllegalStateException("a shared read answered " + answers.size() + " of " + batch.size() + " questions");
                }
            } catch (RuntimeException | Error failure) {
                var failed = new Turn.Failed<A>(failure);
                batch.subList(1, batch.size()).forEach(caller -> caller.turn.complete(failed));
                throw failure;
            }
            for (int i = 1; i < batch.size(); i++) {
                batch.get(i).turn.complete(new Turn.Answered<>(answers.get(i)));
            }
            return answers.getFirst();
        } finally {
            handOn();
        }
    }

    /** Reads made so far, and the questions they answered (the ratio is how much callers shared). */
    long reads() {
        return reads.sum();
    }

    long answered() {
        return answered.sum();
    }

    /** Callers waiting for a lane now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void handOn() {
        Caller<Q, A> next;
        lock.lock();
        try {
            next = waiting.poll();
            if (next == null) {
                out--;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.turn.complete(new Turn.Lead<>());
        }
    }

    private record Caller<Q, A>(Q question, CompletableFuture<Turn<A>> turn) {
        Caller(Q question) {
            this(question, new CompletableFuture<>());
        }
    }

    /** What a waiting caller is told: its answer, the failure of the read that was to answer it, or to read itself. */
    private sealed interface Turn<A> {

        A answer();

        record Answered<A>(A answer) implements Turn<A> {}

        record Failed<A>(Throwable failure) implements Turn<A> {
            @Override
            public A answer() {
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (Error) failure;
            }
        }

        record Lead<A>() implements Turn<A> {
            @Override
            public A answer() {
                throw new IllegalStateException("a caller told to lead has no answer");
            }
        }
    }
}

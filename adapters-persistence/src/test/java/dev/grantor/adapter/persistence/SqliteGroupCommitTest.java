package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.DuplicateRecord;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's write transaction carries the units of the writers queued for it and commits them with one wait for the
 * disk. Each test lines writers up behind a first unit that holds the transaction until they are queued, so which
 * units share a transaction is decided by the test, not by timing.
 */
class SqliteGroupCommitTest {

    @TempDir
    Path dir;

    private JdbcStorage storage;
    private JdbcTransactions transactions;
    private ExecutorService writers;

    @BeforeEach
    void open() {
        storage = JdbcStorage.open(TestDatabases.freshSqlite(dir).withPoolSize(8));
        transactions = (JdbcTransactions) storage.transactions();
        transactions.writing(handle -> handle.execute("CREATE TABLE probe (id TEXT PRIMARY KEY)"));
        writers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void close() {
        writers.shutdownNow();
        storage.close();
    }

    @Test
    void units_of_writers_queued_behind_one_another_are_committed_together_and_all_kept() throws Exception {
        long commitsBefore = transactions.sqliteCommits();
        int threads = 16;
        int unitsEach = 40;
        var start = new CountDownLatch(1);
        var done = new ArrayList<Future<?>>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(writers.submit(() -> {
                start.await();
                for (int u = 0; u < unitsEach; u++) {
                    insertInUnit("row-" + thread + "-" + u);
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(60, TimeUnit.SECONDS);
        }

        assertThat(count("SELECT count(*) FROM probe")).isEqualTo(threads * unitsEach);
        long commits = transactions.sqliteCommits() - commitsBefore;
        assertThat(commits).as("commits for %d units", threads * unitsEach).isPositive().isLessThan(threads * unitsEach);
    }

    @Test
    void a_unit_that_fails_inside_a_shared_transaction_takes_back_only_its_own_writes_and_all_commit_once() throws Exception {
        long commitsBefore = transactions.sqliteCommits();
        var release = new CountDownLatch(1);
        Future<Either<String, String>> first = holdingTheTransaction("kept-first", release);
        Future<Either<String, String>> refused = queue(0, () -> transactions.write(() -> {
            insert("refused");
            return Either.left("refused on its own terms");
        }));
        Future<Either<String, String>> failing = queue(1, () -> transactions.write(() -> {
            insert("failing");
            insert("kept-first");
            return Either.right("never");
        }));
        Future<Either<String, String>> last = queue(2, () -> transactions.write(() -> {
            insert("kept-last");
            return Either.right("last");
        }));
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Either.right("first"));
        assertThat(refused.get(30, TimeUnit.SECONDS)).isEqualTo(Either.left("refused on its own terms"));
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateRecord.class);
        assertThat(last.get(30, TimeUnit.SECONDS)).isEqualTo(Either.right("last"));
        assertThat(ids()).containsExactlyInAnyOrder("kept-first", "kept-last");
        assertThat(transactions.sqliteCommits() - commitsBefore).as("one commit carried all four units").isEqualTo(1);
    }

    @Test
    void no_unit_of_a_shared_transaction_answers_before_the_commit_that_carries_it() throws Exception {
        var release = new CountDownLatch(1);
        var lastWorkEnded = new AtomicLong();
        Future<Long> first = writers.submit(() -> {
            transactions.write(() -> {
                insert("first");
                await(release);
                return Either.right(true);
            });
            return System.nanoTime();
        });
        waitUntil(() -> transactions.queuedSqliteWriters() == 0 && transactionHolds());
        Future<Either<String, Boolean>> last = queue(0, () -> transactions.write(() -> {
            insert("last");
            sleep(Duration.ofMillis(200));
            lastWorkEnded.set(System.nanoTime());
            return Either.right(true);
        }));
        release.countDown();

        long firstAnswered = first.get(30, TimeUnit.SECONDS);
        last.get(30, TimeUnit.SECONDS);
        assertThat(firstAnswered).as("the first unit answered after the unit that committed it had done its work")
                .isGreaterThan(lastWorkEnded.get());
        assertThat(ids()).containsExactlyInAnyOrder("first", "last");
    }

    @Test
    void when_the_shared_transaction_is_lost_every_unit_in_it_fails_and_nothing_of_it_is_kept() throws Exception {
        var release = new CountDownLatch(1);
        Future<Either<String, String>> first = holdingTheTransaction("first", release);
        Future<Either<String, String>> losing = queue(0, () -> transactions.write(() -> {
            insert("second");
            // what SQLite does by itself on an I/O error or a full disk: the whole transaction is rolled back
            transactions.writing(handle -> handle.execute("ROLLBACK"));
            return Either.right("second");
        }));
        release.countDown();

        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThatThrownBy(() -> losing.get(30, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
        assertThat(ids()).isEmpty();
        insertInUnit("afterwards");
        assertThat(ids()).as("the next writer starts a transaction of its own").containsExactly("afterwards");
    }

    @Test
    void a_unit_that_dies_with_an_error_inside_a_shared_transaction_leaves_the_others_kept_and_the_next_writers_unblocked()
            throws Exception {
        var release = new CountDownLatch(1);
        Future<Either<String, String>> first = holdingTheTransaction("first", release);
        Future<Either<String, String>> dying = queue(0, () -> transactions.write(() -> {
            insert("dying");
            throw new AssertionError("a bug in a unit");
        }));
        Future<Either<String, String>> last = queue(1, () -> transactions.write(() -> {
            insert("last");
            return Either.right("last");
        }));
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(Either.right("first"));
        assertThatThrownBy(() -> dying.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(AssertionError.class);
        assertThat(last.get(30, TimeUnit.SECONDS)).isEqualTo(Either.right("last"));
        assertThat(ids()).containsExactlyInAnyOrder("first", "last");
        insertInUnit("afterwards");
        assertThat(ids()).contains("afterwards");
    }

    @Test
    void a_lone_writer_commits_its_own_unit_at_once() {
        long commitsBefore = transactions.sqliteCommits();
        insertInUnit("alone");
        insertInUnit("alone-again");
        assertThat(transactions.sqliteCommits() - commitsBefore).isEqualTo(2);
        assertThat(ids()).containsExactlyInAnyOrder("alone", "alone-again");
    }

    @Test
    void a_series_of_units_runs_in_order_in_shared_commits_and_hands_each_answer_over_after_its_commit() {
        long commitsBefore = transactions.sqliteCommits();
        var ran = new int[] {0};
        var answers = new ArrayList<Either<String, Integer>>();
        var seenCommitted = new ArrayList<Boolean>();

        transactions.writeInTurn(() -> {
            int n = ran[0]++;
            insert("series-" + n);
            return Either.<String, Integer>right(n);
        }, answer -> answer.get() < 99, answer -> {
            answers.add(answer);
            // handed over once committed: another connection reads the unit's row
            seenCommitted.add(ids().contains("series-" + answer.get()));
        });

        assertThat(answers).extracting(Either::get).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).boxed().toList());
        assertThat(seenCommitted).containsOnly(true);
        assertThat(transactions.sqliteCommits() - commitsBefore).as("commits for 100 units in turn")
                .isEqualTo((100 + JdbcTransactions.MOST_UNITS_PER_COMMIT - 1) / JdbcTransactions.MOST_UNITS_PER_COMMIT);
    }

    /**
     * A writer that queues while a series runs (a manual fulfillment during a restock's drain) waits for the unit under
     * way once the series has held the writer for its shortest turn, not for the rest of the series' turn: the series
     * ends its transaction for it, and it shares that commit.
     */
    @Test
    void a_writer_queued_during_a_series_waits_for_no_more_of_its_units() throws Exception {
        var ran = new AtomicInteger();
        var whileTheOtherWaited = new AtomicInteger();
        var other = new AtomicReference<Future<?>>();
        transactions.writeInTurn(() -> {
            int n = ran.getAndIncrement();
            if (other.get() != null && !ids().contains("other")) {
                whileTheOtherWaited.incrementAndGet();
            }
            insert("series-" + n);
            longerThanTheShortestTurn();
            if (n == 5) {
                other.set(queue(0, () -> {
                    insertInUnit("other");
                    return null;
                }));
            }
            return Either.<String, Integer>right(n);
        }, answer -> answer.get() < 99, answer -> { });

        other.get().get(20, TimeUnit.SECONDS);
        assertThat(ids()).contains("other", "series-0", "series-99").hasSize(101);
        assertThat(whileTheOtherWaited.get()).as("units of the series run while the other writer waited for its commit")
                .isZero();
    }

    /**
     * A series that queues behind a writer, and finds the transaction left open for it, commits it after its shortest
     * turn (one unit here): the writer's answer waits for that, not for a turn of them.
     */
    @Test
    void a_series_that_joins_a_writer_s_open_transaction_commits_it_after_one_of_its_units() throws Exception {
        var release = new CountDownLatch(1);
        var first = holdingTheTransaction("first", release);
        var whileTheFirstWaited = new AtomicInteger();
        var ran = new AtomicInteger();
        Future<?> series = queue(0, () -> {
            transactions.writeInTurn(() -> {
                int n = ran.getAndIncrement();
                if (!ids().contains("first")) {
                    whileTheFirstWaited.incrementAndGet();
                }
                insert("series-" + n);
                longerThanTheShortestTurn();
                return Either.<String, Integer>right(n);
            }, answer -> answer.get() < 99, answer -> { });
            return null;
        });
        release.countDown();

        assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo(Either.right("first"));
        series.get(20, TimeUnit.SECONDS);
        assertThat(ids()).hasSize(101);
        assertThat(whileTheFirstWaited.get()).as("units of the series in the first writer's transaction").isEqualTo(1);
    }

    @Test
    void a_unit_of_a_series_that_answers_left_or_throws_takes_back_only_its_own_writes() {
        var ran = new int[] {0};
        var answers = new ArrayList<Either<String, Integer>>();
        transactions.writeInTurn(() -> {
            int n = ran[0]++;
            insert("left-" + n);
            return n == 5 ? Either.<String, Integer>left("refused") : Either.<String, Integer>right(n);
        }, Either::isRight, answers::add);

        assertThat(answers).hasSize(6).last().isEqualTo(Either.left("refused"));
        assertThat(ids()).containsExactlyInAnyOrder("left-0", "left-1", "left-2", "left-3", "left-4");

        var handed = new ArrayList<Either<String, Integer>>();
        ran[0] = 0;
        assertThatThrownBy(() -> transactions.writeInTurn(() -> {
            int n = ran[0]++;
            insert("thrown-" + n);
            if (n == 3) {
                throw new IllegalStateException("broken unit");
            }
            return Either.<String, Integer>right(n);
        }, answer -> true, handed::add)).hasMessageContaining("broken unit");

        assertThat(handed).extracting(Either::get).containsExactly(0, 1, 2);
        assertThat(ids()).contains("thrown-0", "thrown-1", "thrown-2").doesNotContain("thrown-3");

        ran[0] = 0;
        assertThatThrownBy(() -> transactions.writeInTurn(() -> {
            int n = ran[0]++;
            insert("dying-" + n);
            if (n == 1) {
                throw new AssertionError("dying unit");
            }
            return Either.<String, Integer>right(n);
        }, answer -> true, answer -> { })).isInstanceOf(AssertionError.class);
        assertThat(ids()).contains("dying-0").doesNotContain("dying-1");
        insertInUnit("afterwards");
        assertThat(ids()).contains("afterwards");
    }

    /**
     * A first writer that inserts {@code id}, then keeps the write transaction open until {@code release} and answers
     * {@code Right("first")}; returns once it holds the transaction, so the writers queued next share it.
     */
    private Future<Either<String, String>> holdingTheTransaction(String id, CountDownLatch release) {
        Future<Either<String, String>> first = writers.submit(() -> transactions.write(() -> {
            insert(id);
            await(release);
            return Either.right("first");
        }));
        waitUntil(() -> transactions.queuedSqliteWriters() == 0 && transactionHolds());
        return first;
    }

    /** Submits a writer and returns once it waits for the write transaction behind {@code ahead} others. */
    private <T> Future<T> queue(int ahead, java.util.concurrent.Callable<T> writer) {
        Future<T> future = writers.submit(writer);
        waitUntil(() -> transactions.queuedSqliteWriters() == ahead + 1);
        return future;
    }

    /** A unit of a series that outlasts {@link JdbcTransactions#SHORTEST_TURN_NANOS}, so a waiting writer's turn comes after it. */
    private static void longerThanTheShortestTurn() {
        sleep(Duration.ofNanos(JdbcTransactions.SHORTEST_TURN_NANOS + 1_000_000));
    }

    private void insertInUnit(String id) {
        transactions.write(() -> {
            insert(id);
            return Either.right(true);
        });
    }

    private void insert(String id) {
        transactions.writing(handle -> handle.execute("INSERT INTO probe (id) VALUES (?)", id));
    }

    /** Whether another connection finds the database's write lock taken (a write transaction is open). */
    private boolean transactionHolds() {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            long timeout;
            try (var rows = statement.executeQuery("PRAGMA busy_timeout")) {
                rows.next();
                timeout = rows.getLong(1);
            }
            statement.execute("PRAGMA busy_timeout = 0");
            try {
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("ROLLBACK");
                return false;
            } catch (java.sql.SQLException busy) {
                return true;
            } finally {
                statement.execute("PRAGMA busy_timeout = " + timeout);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> ids() {
        var ids = new ArrayList<String>();
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT id FROM probe")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private long count(String sql) {
        return StoredRecords.count(storage, sql);
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            sleep(Duration.ofMillis(5));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

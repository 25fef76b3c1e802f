/**
 * Port contract tests: one abstract JUnit class per secondary storage port, holding every behaviour the
 * engine relies on, concurrency guarantees included. The in-memory adapters run them in this module;
 * every other storage adapter must run them too. Passing them is what certifies an adapter.
 *
 * <h2>Certifying a custom storage adapter</h2>
 * <ol>
 *   <li>Add this kit to the adapter's test dependencies (it brings JUnit Jupiter and AssertJ; use Surefire 3+);
 *   docs/adapters.md has the exact blocks, tested by building a project from them:
 *   <pre>{@code
 * <dependency>
 *   <groupId>dev.grantor</groupId>
 *   <artifactId>grantor-adapter-kit</artifactId>
 *   <scope>test</scope>
 * </dependency>}</pre></li>
 *   <li>Implement {@link dev.grantor.application.contract.StorageUnderTest} once: it hands out every storage
 *   port of the adapter (one method each), and {@code reset()} empties every table (it runs before each test,
 *   so one database may be shared by all tests).</li>
 *   <li>Subclass each contract, answering {@code storage()}; nothing else is needed:
 *   <pre>{@code
 * class SqliteGrantsContractTest extends GrantsContract {
 *     @Override
 *     protected StorageUnderTest storage() {
 *         return SqliteTestDatabase.shared();   // your StorageUnderTest
 *     }
 * }}</pre>
 *   The contracts are the abstract classes of this package named {@code ...Contract}; docs/adapters.md lists
 *   them all (a test there keeps that list whole); the two webhook contracts run on
 *   {@link dev.grantor.application.contract.WebhookStorageUnderTest}.</li>
 * </ol>
 *
 * <h2>What the contracts assume of an adapter</h2>
 * <ul>
 *   <li>Storage ports are called inside {@code Transactions.write}/{@code read}; the outbox relay's
 *   methods ({@code claimDue}, {@code markSent}, {@code reschedule}, {@code park}, {@code requeue},
 *   {@code find}, {@code list}, {@code depth}) and {@code IdempotencyRecords} are also called outside any
 *   unit of work and must then run as units of their own.</li>
 *   <li>Records are inserted parents first (business, customer, entitlement, grant, then license key), so
 *   foreign keys may be enforced; a delivered grant and its key are inserted in the same unit.</li>
 *   <li>Instants are exact to the millisecond; stored values must come back {@code equals} to what was
 *   stored (metadata numbers keep their scale, options stay options).</li>
 *   <li>Uniqueness violations surface as {@code DuplicateRecord} with the right rule, lost version races
 *   as {@code ConcurrentUpdate}, never as a driver exception; after either, the unit of work is over.</li>
 *   <li>Races use up to 32 threads at once: a connection pool should allow that many waiters.</li>
 * </ul>
 *
 * <p>{@link dev.grantor.application.contract.ContractFixtures} builds valid domain objects (ids of the
 * right format, millisecond instants) for an adapter's own extra tests.
 */
package dev.grantor.application.contract;

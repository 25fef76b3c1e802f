package dev.grantor.application.port.in;

import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;

/**
 * Key pools: keys the merchant bought or made elsewhere, handed out by the engine to the grants of a manual
 * license-key entitlement, each inside the transaction that delivers the grant. A restock fulfills the
 * waiting grants oldest first, each in its own transaction. Other businesses' pools and keys are not found.
 */
public interface KeyPoolManagement {

    /** The most keys one import takes. */
    int MAX_KEYS_PER_IMPORT = 10_000;

    /** The largest import body (bytes), whatever its format. */
    int MAX_IMPORT_BYTES = 4 * 1024 * 1024;

    /** {@code lowStockThreshold} null: the default, 10. */
    record OpenPool(Long lowStockThreshold) {}

    /** {@code lowStockThreshold} is required here. */
    record ChangePool(Long lowStockThreshold) {}

    /**
     * One key as the merchant supplied it. {@code line} is its 1-based place in the list or file;
     * {@code problem}, when not null, is what the reader of the file already found wrong with the line (a CSV
     * limit that is not a number): the line is then invalid with that reason.
     */
    record KeyLine(int line, String key, Long activationsLimit, OffsetDateTime expiresAt, String problem) {
        public static KeyLine of(int line, String key, Long activationsLimit, OffsetDateTime expiresAt) {
            return new KeyLine(line, key, activationsLimit, expiresAt, null);
        }
    }

    /** The keys of one import, in the merchant's order. */
    record ImportKeys(List<KeyLine> keys) {}

    /** Files the operator tools and {@code text/plain} / {@code text/csv} bodies carry. */
    enum KeyFileFormat { TEXT, CSV }

    enum LineStatus {
        IMPORTED("imported"), DUPLICATE("duplicate"), INVALID("invalid");

        private final String wire;

        LineStatus(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** What became of one line; {@code error} says why a duplicate or invalid line was left out. */
    record LineResult(int line, LineStatus status, Option<String> error) {}

    /** The import's answer: the accepted lines committed together, then the waiting grants they fulfilled. */
    record ImportReport(int imported, int duplicates, int invalid, int fulfilledGrants, List<LineResult> results) {}

    /** A pool with its stock, and how many grants of the entitlement wait ({@code Pending}). */
    record PoolView(KeyPool pool, long available, long assigned, long voided, long waitingGrants) {}

    /** {@code status} a wire value ({@code available}, {@code assigned}, {@code voided}) or null for all. */
    record ListPooledKeys(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String status) {}

    /** The waiting grants a restock or an operator's request fulfilled, oldest first. */
    record Fulfilled(List<GrantId> grants) {
        public int count() {
            return grants.size();
        }
    }

    /** 409 {@code KEY_POOL_EXISTS} for a second pool; 422 when the entitlement is not a manual license-key one. */
    Either<GrantorError, PoolView> open(BusinessId business, String entitlementId, OpenPool command);

    Either<GrantorError, PoolView> get(BusinessId business, String entitlementId);

    /** Every business's pools with their stock, for the operator's gauges: never to be served to a tenant. */
    List<PoolView> stockAcrossBusinesses();

    /** The business's pools, oldest first: the stock page. */
    Either<GrantorError, List<PoolView>> list(BusinessId business);

    Either<GrantorError, PoolView> change(BusinessId business, String entitlementId, ChangePool command);

    /** A result per line; the accepted lines commit together; then waiting grants are fulfilled from them. */
    Either<GrantorError, ImportReport> importKeys(BusinessId business, String entitlementId, ImportKeys command);

    /** Reads a text (one key per line) or CSV file ({@code key[,activations_limit][,expires_at]}), then imports. */
    Either<GrantorError, ImportReport> importFile(BusinessId business, String entitlementId, KeyFileFormat format,
                                                  byte[] content);

    /** Never the full values: callers show {@link PooledKey#value()}'s suffix only. */
    Either<GrantorError, List<PooledKey>> keys(BusinessId business, String entitlementId, ListPooledKeys query);

    /**
     * The {@code most} newest {@code available} keys of each of the business's pools, as {@link #keys} lists each with that
     * status, by the pool's entitlement, in one read (a pool without any absent): the Pools page's lists. {@code most} from
     * 1 to {@value PageLimits#MOST_PER_PAGE}. Never the full values, as {@link #keys}.
     */
    Either<GrantorError, Map<EntitlementId, List<PooledKey>>> newestAvailable(BusinessId business, int most);

    /** 409 {@code POOL_KEY_NOT_AVAILABLE} unless the key is {@code available}. */
    Either<GrantorError, PooledKey> voidKey(BusinessId business, String entitlementId, String pooledKeyId);

    /** Fulfills one {@code Pending} grant with its entitlement's oldest available key; 409 {@code KEY_POOL_EMPTY} when none. */
    Either<GrantorError, GrantView> fulfillFromPool(BusinessId business, String grantId);

    /** Fulfills up to {@code limit} waiting grants oldest first, each in its own transaction, until keys or grants run out. */
    Either<GrantorError, Fulfilled> fulfillWaiting(BusinessId business, String entitlementId, int limit);
}

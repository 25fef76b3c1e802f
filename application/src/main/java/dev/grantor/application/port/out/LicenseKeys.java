package dev.grantor.application.port.out;

import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.function.Predicate;

/** License keys with their instances. Values are unique across the whole deployment, not per business. */
public interface LicenseKeys {

    /**
     * Every filter is optional; all given ones must match. {@code status} is read at {@code at}: a key past
     * its expiry is {@code expired} (unless disabled, which wins), as {@link LicenseKey#statusAt} says.
     * {@code createdFrom} and {@code createdTo} are inclusive.
     */
    record Filter(Option<CustomerId> customer, Option<EntitlementId> entitlement, Option<LicenseKeySource> source,
                  Option<LicenseKeyStatus> status, Option<Instant> createdFrom, Option<Instant> createdTo, Instant at) {
        public Filter {
            if (customer == null || entitlement == null || source == null || status == null || createdFrom == null
                    || createdTo == null || at == null) {
                throw new IllegalArgumentException("absent filters are Option.none()");
            }
        }
    }

    /** Which instances to list: those of one key, or of one grant's key; neither means all of the business's. */
    record InstanceFilter(Option<LicenseKeyId> licenseKey, Option<GrantId> grant) {
        public InstanceFilter {
            if (licenseKey == null || grant == null) {
                throw new IllegalArgumentException("absent filters are Option.none()");
            }
        }
    }

    /**
     * A value a key no longer has: rotated away at {@code replacedAt} by {@code replacedBy} (an API key id).
     * Only the value's SHA-256 (lower-case hex) is kept, enough to answer "was this ever our key?".
     */
    record PastValue(LicenseKeyId licenseKey, BusinessId business, String valueSha256, Instant replacedAt, String replacedBy) {
        public PastValue {
            if (licenseKey == null || business == null || valueSha256 == null || !valueSha256.matches("[0-9a-f]{64}")
                    || replacedAt == null || replacedBy == null || replacedBy.isBlank()) {
                throw new IllegalArgumentException("a past value names its key, its hash, when and by whom");
            }
        }
    }

    /**
     * Throws {@link DuplicateRecord} ({@code LICENSE_KEY_VALUE}) when the value is taken: by another license key, or by
     * a pooled key other than the one its pool assigned to this key's grant (the pool's value is delivered as it is).
     */
    void insert(LicenseKey key);

    /**
     * Replaces the key (its value included) and its instances at {@code key.version()}; {@link ConcurrentUpdate}
     * when it moved on, {@link DuplicateRecord} ({@code LICENSE_KEY_VALUE}) when a new value is taken (as for
     * {@link #insert}).
     */
    void update(LicenseKey key);

    Option<LicenseKey> find(LicenseKeyId id);

    /** Exact, case-sensitive match on the stored (trimmed) value. */
    Option<LicenseKey> findByValue(LicenseKeyValue value);

    /** A key found for a license check, with whether its grant is revoked (never, for a key without a grant). */
    record CheckedKey(LicenseKey key, boolean grantRevoked) {
        public CheckedKey {
            if (key == null) {
                throw new IllegalArgumentException("a checked key names its key");
            }
        }
    }

    /**
     * {@link #findByValue} with its grant's revocation: what every validation and activation needs. A store that reads
     * both in one statement does so (the SQL stores join the grant: one round trip and one consistent view per check);
     * this default finds the key and asks {@code grantRevoked} of it.
     */
    default Option<CheckedKey> findForCheck(LicenseKeyValue value, Predicate<LicenseKey> grantRevoked) {
        return findByValue(value).map(key -> new CheckedKey(key, key.grantId().isDefined() && grantRevoked.test(key)));
    }

    /**
     * {@link #findForCheck} for a validation, which asks of the key's instances only whether it holds the one named:
     * a store may answer the key with that instance alone (or none, when none is named or the key does not hold it),
     * so {@code key().validate(named, at)} answers what it answers for the stored key. Never a key to count, list or
     * write instances from. The SQL stores then read one row instead of one per instance, without sorting them.
     */
    default Option<CheckedKey> findForValidation(LicenseKeyValue value, Option<InstanceId> named,
                                                 Predicate<LicenseKey> grantRevoked) {
        return findForCheck(value, grantRevoked);
    }

    boolean valueExists(LicenseKeyValue value);

    /**
     * Which of these values a license key of the deployment has, as {@link #valueExists} matches them: a pool's import
     * checks its thousands of keys at once. A store that can should read them in a few statements, not one each.
     */
    default Set<LicenseKeyValue> existingValues(List<LicenseKeyValue> candidates) {
        return candidates.filter(this::valueExists).toSet();
    }

    /** The business's keys, newest first ({@code created_at} desc, then id desc), stable across pages. */
    List<LicenseKey> list(BusinessId business, Filter filter, Page page);

    /** The business's key that has this instance; another business's instance is not found. */
    Option<LicenseKey> findByInstance(BusinessId business, InstanceId instance);

    /** Instances with the key each belongs to, newest first (instance {@code created_at} desc, then id desc). */
    List<LicenseKey.Held> listInstances(BusinessId business, InstanceFilter filter, Page page);

    /** Joins the caller's unit of work, so a rotation and its history commit together. */
    void recordPastValue(PastValue pastValue);

    /**
     * The key's past values newest first (by {@code replacedAt}, then {@code valueSha256}), at most {@code limit}: from
     * the newest when {@code before} is none, else only those {@link Before#admits before} it.
     */
    List<PastValue> latestPastValues(LicenseKeyId licenseKey, Option<Before> before, int limit);

    /** The key the grant names, if it names one. */
    default Option<LicenseKey> of(Grant grant) {
        return grant.licenseKeyId().flatMap(this::find);
    }

    /**
     * The keys these grants name, by id: what {@link #of} answers for each. A store that can reads them together, so a
     * page of grants costs one read of their keys rather than one a grant.
     */
    default Map<LicenseKeyId, LicenseKey> ofAll(List<Grant> grants) {
        return grants.flatMap(Grant::licenseKeyId).distinct().flatMap(this::find).toMap(LicenseKey::id, key -> key);
    }
}

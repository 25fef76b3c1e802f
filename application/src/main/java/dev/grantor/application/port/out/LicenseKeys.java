package dev.grantor.application.port.out;

import dev.grantor.domain.license.LicenseKey;
import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.grant.Grant;
import io.vavr.control.Option;

/** License keys with their instances. Values are unique across the whole deployment, not per business. */
public interface LicenseKeys {

    /** Throws {@link DuplicateRecord} ({@code LICENSE_KEY_VALUE}) when the value is taken. */
    void insert(LicenseKey key);

    /** Replaces the key and its instances at {@code key.version()}; {@link ConcurrentUpdate} when it moved on. */
    void update(LicenseKey key);

    Option<LicenseKey> find(LicenseKeyId id);

    /** Exact, case-sensitive match on the stored (trimmed) value. */
    Option<LicenseKey> findByValue(LicenseKeyValue value);

    boolean valueExists(LicenseKeyValue value);

    /** The key the grant names, if it names one. */
    default Option<LicenseKey> of(Grant grant) {
        return grant.licenseKeyId().flatMap(this::find);
    }
}

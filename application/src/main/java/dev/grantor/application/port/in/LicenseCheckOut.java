package dev.grantor.application.port.in;

import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * License files for offline checks of any key (signed or not), called by customers' software with the key
 * alone, like the other public license endpoints: no business, no API key.
 */
public interface LicenseCheckOut {

    long DEFAULT_TTL_SECONDS = 2_592_000L;
    long MIN_TTL_SECONDS = 3_600L;
    long MAX_TTL_SECONDS = 31_536_000L;

    /** {@code ttlSeconds} null means {@value #DEFAULT_TTL_SECONDS} (30 days). */
    record CheckOut(String licenseKey, String licenseKeyInstanceId,
                    @Min(MIN_TTL_SECONDS) @Max(MAX_TTL_SECONDS) Long ttlSeconds) {}

    /**
     * The license file for an active key (and one of its instances, when named), as armored text. A key
     * that is disabled, expired or whose grant is revoked gets the errors activation gives; an unknown key,
     * or an instance not of that key, is {@code LICENSE_KEY_NOT_FOUND}.
     */
    Either<GrantorError, String> checkOut(CheckOut command);
}

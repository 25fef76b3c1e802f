package dev.grantor.application.port.in;

import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import io.vavr.control.Option;
import java.time.Instant;

/** A grant as read: with its license key, if it has one, and the instant its derived statuses hold at. */
public record GrantView(Grant grant, Option<LicenseKey> licenseKey, Instant readAt) {}

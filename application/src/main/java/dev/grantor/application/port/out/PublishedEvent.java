package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import java.time.Instant;

/** An event leaving the outbox: its stable id, and the envelope JSON exactly as recorded at commit. */
public record PublishedEvent(String id, BusinessId businessId, String type, Instant occurredAt, String body) {}

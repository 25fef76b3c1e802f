-- Outgoing webhooks: where each business wants its events, and one delivery per (event, endpoint).
-- No foreign key to businesses: endpoints are looked up by (business_id, id) like every tenant record.

CREATE TABLE webhook_endpoints (
    id           TEXT PRIMARY KEY,
    business_id  TEXT NOT NULL,
    url          TEXT NOT NULL,
    description  TEXT,
    metadata     TEXT NOT NULL,
    disabled     BOOLEAN NOT NULL,
    filter_types TEXT NOT NULL,
    headers      TEXT NOT NULL,
    rate_limit   INTEGER,
    secret       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    CONSTRAINT webhook_endpoints_version CHECK (version >= 0)
);
-- listing by cursor and the fan-out's scan, both per business
CREATE INDEX webhook_endpoints_by_business ON webhook_endpoints (business_id, id);

CREATE TABLE webhook_deliveries (
    id                 TEXT PRIMARY KEY,
    business_id        TEXT NOT NULL,
    endpoint_id        TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id           TEXT NOT NULL,
    event_type         TEXT NOT NULL,
    payload            TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    status             TEXT NOT NULL,
    attempts           INTEGER NOT NULL,
    next_attempt_at    BIGINT NOT NULL,
    last_response_code INTEGER,
    last_error         TEXT,
    last_attempt_at    BIGINT,
    CONSTRAINT webhook_deliveries_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    CONSTRAINT webhook_deliveries_attempts CHECK (attempts >= 0)
);
-- the dispatcher's scan: pending deliveries, earliest due first
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'PENDING';
-- an endpoint's recent deliveries, newest first
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Grantor's schema on SQLite 3.35+ (WAL mode, foreign keys on). Same tables and rules as on PostgreSQL.
-- Instants are BIGINT nanoseconds since the epoch, so values round-trip exactly (timestamptz keeps
-- microseconds only); a license key's expiry can lie centuries ahead, so it is seconds plus nanos.
-- The constraints below hold the rules even if application code is wrong.

CREATE TABLE businesses (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    default_brand_id    TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);

CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    name        TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    -- email_key is the address case-folded by the engine (EmailAddress.matchKey), not by the database's locale
    CONSTRAINT customers_email_unique UNIQUE (business_id, email_key)
);

CREATE TABLE entitlements (
    id                 TEXT PRIMARY KEY,
    business_id        TEXT NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT,
    integration_type   TEXT NOT NULL,
    integration_config TEXT NOT NULL,
    metadata           TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    deleted_at         BIGINT,
    version            BIGINT NOT NULL CHECK (version >= 0),
    CONSTRAINT entitlements_integration_type CHECK (integration_type IN
        ('discord', 'telegram', 'github', 'figma', 'framer', 'notion', 'digital_files', 'license_key', 'feature_flag'))
);
CREATE INDEX entitlements_active_newest ON entitlements (business_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX entitlements_active_by_type_newest ON entitlements (business_id, integration_type, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;

CREATE TABLE grants (
    id                 TEXT PRIMARY KEY,
    business_id        TEXT NOT NULL,
    brand_id           TEXT NOT NULL,
    customer_id        TEXT NOT NULL REFERENCES customers (id),
    entitlement_id     TEXT NOT NULL REFERENCES entitlements (id),
    integration_type   TEXT NOT NULL,
    payment_id         TEXT,
    subscription_id    TEXT,
    metadata           TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    status             TEXT NOT NULL,
    -- the live state, or for a revoked grant the state its revocation ended
    ended_status       TEXT NOT NULL,
    delivered_at       BIGINT,
    license_key_id     TEXT,
    license_key        TEXT,
    delivery_payload   TEXT,
    failed_at          BIGINT,
    error_code         TEXT,
    error_message      TEXT,
    revoked_at         BIGINT,
    revocation_reason  TEXT,
    version            BIGINT NOT NULL CHECK (version >= 0),
    CONSTRAINT grants_integration_type CHECK (integration_type IN
        ('discord', 'telegram', 'github', 'figma', 'framer', 'notion', 'digital_files', 'license_key', 'feature_flag')),
    CONSTRAINT grants_one_origin CHECK (payment_id IS NULL OR subscription_id IS NULL),
    CONSTRAINT grants_status CHECK (status IN ('Pending', 'Delivered', 'Failed', 'Revoked')),
    CONSTRAINT grants_ended_status CHECK (ended_status IN ('Pending', 'Delivered', 'Failed')
        AND (status = 'Revoked' OR status = ended_status)),
    CONSTRAINT grants_revocation CHECK ((status = 'Revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL)),
    CONSTRAINT grants_revocation_reason CHECK (revocation_reason IS NULL OR revocation_reason IN
        ('manual', 'refund', 'subscription_cancelled', 'subscription_on_hold', 'subscription_paused',
         'subscription_expired', 'plan_changed', 'license_key_disabled', 'platform_external')),
    CONSTRAINT grants_delivery CHECK ((ended_status = 'Delivered') = (delivered_at IS NOT NULL)
        AND (delivered_at IS NULL OR ((license_key_id IS NOT NULL) <> (delivery_payload IS NOT NULL)))),
    CONSTRAINT grants_key_only_for_license_key CHECK ((license_key_id IS NULL OR integration_type = 'license_key')
        AND (license_key_id IS NULL) = (license_key IS NULL)),
    CONSTRAINT grants_failure CHECK ((ended_status = 'Failed') = (failed_at IS NOT NULL AND error_code IS NOT NULL
        AND error_message IS NOT NULL))
);
CREATE UNIQUE INDEX grants_once_per_payment ON grants (entitlement_id, customer_id, payment_id) WHERE payment_id IS NOT NULL;
CREATE UNIQUE INDEX grants_once_per_subscription ON grants (entitlement_id, customer_id, subscription_id)
    WHERE subscription_id IS NOT NULL;
CREATE INDEX grants_newest ON grants (business_id, created_at DESC, id DESC);
CREATE INDEX grants_by_entitlement_newest ON grants (business_id, entitlement_id, created_at DESC, id DESC);
CREATE INDEX grants_by_status_newest ON grants (business_id, status, created_at DESC, id DESC);
CREATE INDEX grants_by_customer_newest ON grants (business_id, customer_id, created_at DESC, id DESC);
CREATE INDEX grants_by_type_newest ON grants (business_id, integration_type, created_at DESC, id DESC);
CREATE INDEX grants_by_entitlement ON grants (entitlement_id);
CREATE INDEX grants_by_customer ON grants (customer_id);

CREATE TABLE license_keys (
    id                TEXT PRIMARY KEY,
    business_id       TEXT NOT NULL,
    -- deferred: a fulfillment stores the key and the grant that names it in one transaction, in either order
    grant_id          TEXT NOT NULL REFERENCES grants (id) DEFERRABLE INITIALLY DEFERRED,
    customer_id       TEXT NOT NULL,
    entitlement_id    TEXT NOT NULL,
    value             TEXT NOT NULL,
    source            TEXT NOT NULL,
    activations_limit INTEGER,
    expires_at_second BIGINT,
    expires_at_nano   INTEGER,
    disabled_at       BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    version           BIGINT NOT NULL CHECK (version >= 0),
    CONSTRAINT license_keys_value_unique UNIQUE (value),
    CONSTRAINT license_keys_value_trimmed CHECK (length(value) BETWEEN 1 AND 255 AND value = trim(value)),
    CONSTRAINT license_keys_source CHECK (source IN ('auto', 'manual', 'import')),
    CONSTRAINT license_keys_activations_limit CHECK (activations_limit IS NULL OR activations_limit >= 1),
    CONSTRAINT license_keys_expiry CHECK ((expires_at_second IS NULL) = (expires_at_nano IS NULL)
        AND (expires_at_nano IS NULL OR expires_at_nano BETWEEN 0 AND 999999999))
);
CREATE INDEX license_keys_by_grant ON license_keys (grant_id);

CREATE TABLE license_key_instances (
    id             TEXT PRIMARY KEY,
    license_key_id TEXT NOT NULL REFERENCES license_keys (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT license_key_instances_position UNIQUE (license_key_id, position)
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    read_only   INTEGER NOT NULL CHECK (read_only IN (0, 1)),
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT,
    CONSTRAINT api_keys_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_keys_by_business ON api_keys (business_id, id);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    business_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    topic           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    status          TEXT NOT NULL,
    last_error      TEXT,
    finished_at     BIGINT,
    CONSTRAINT outbox_kind CHECK (kind IN ('EMAIL', 'EVENT')),
    CONSTRAINT outbox_status CHECK (status IN ('PENDING', 'SENT', 'PARKED')),
    CONSTRAINT outbox_attempts CHECK (attempts >= 0)
);
-- the relay's scan: pending messages, oldest first, filtered by due time
CREATE INDEX outbox_pending_oldest ON outbox (created_at, id) WHERE status = 'PENDING';
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX outbox_by_status_newest ON outbox (status, created_at DESC, id DESC);

CREATE TABLE idempotency_records (
    business_id     TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    claimed_at      BIGINT NOT NULL,
    completed_at    BIGINT,
    response_status INTEGER,
    response_body   TEXT,
    PRIMARY KEY (business_id, idempotency_key),
    CONSTRAINT idempotency_response CHECK ((completed_at IS NULL) = (response_status IS NULL)
        AND (response_status IS NULL) = (response_body IS NULL))
);
CREATE INDEX idempotency_records_claimed ON idempotency_records (claimed_at);

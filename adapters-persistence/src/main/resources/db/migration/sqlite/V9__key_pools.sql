-- Key pools (issue 14): keys a merchant bought or made elsewhere, handed out to the grants of a manual
-- license-key entitlement. Rows are never deleted: the pool is the record of where every key went.

CREATE TABLE key_pools (
    id                  TEXT PRIMARY KEY,
    business_id         TEXT NOT NULL,
    entitlement_id      TEXT NOT NULL REFERENCES entitlements (id),
    low_stock_threshold INTEGER NOT NULL CHECK (low_stock_threshold >= 0),
    -- whether each alert fires at the next take that leaves the stock at or below its line
    low_stock_armed     INTEGER NOT NULL CHECK (low_stock_armed IN (0, 1)),
    empty_armed         INTEGER NOT NULL CHECK (empty_armed IN (0, 1)),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    version             BIGINT NOT NULL CHECK (version >= 0),
    CONSTRAINT key_pools_one_per_entitlement UNIQUE (entitlement_id)
);
CREATE INDEX key_pools_by_business ON key_pools (business_id, created_at, id);

CREATE TABLE pooled_keys (
    id                TEXT PRIMARY KEY,
    pool_id           TEXT NOT NULL REFERENCES key_pools (id),
    business_id       TEXT NOT NULL,
    entitlement_id    TEXT NOT NULL,
    value             TEXT NOT NULL,
    activations_limit INTEGER CHECK (activations_limit IS NULL OR activations_limit >= 1),
    expires_at_second BIGINT,
    expires_at_nano   INTEGER,
    status            TEXT NOT NULL,
    -- deferred: a grant issued from the pool is stored after the key that names it, in the same transaction
    grant_id          TEXT REFERENCES grants (id) DEFERRABLE INITIALLY DEFERRED,
    assigned_at       BIGINT,
    voided_at         BIGINT,
    created_at        BIGINT NOT NULL,
    version           BIGINT NOT NULL CHECK (version >= 0),
    CONSTRAINT pooled_keys_value_unique UNIQUE (value),
    CONSTRAINT pooled_keys_value_trimmed CHECK (length(value) BETWEEN 1 AND 255 AND value = trim(value)),
    CONSTRAINT pooled_keys_status CHECK (status IN ('available', 'assigned', 'voided')),
    CONSTRAINT pooled_keys_assigned CHECK ((status = 'assigned') = (grant_id IS NOT NULL AND assigned_at IS NOT NULL)
        AND (grant_id IS NULL) = (assigned_at IS NULL)),
    CONSTRAINT pooled_keys_voided CHECK ((status = 'voided') = (voided_at IS NOT NULL)),
    CONSTRAINT pooled_keys_expiry CHECK ((expires_at_second IS NULL) = (expires_at_nano IS NULL))
);
CREATE INDEX pooled_keys_claim ON pooled_keys (pool_id, created_at, id) WHERE status = 'available';
CREATE INDEX pooled_keys_newest ON pooled_keys (pool_id, created_at DESC, id DESC);
CREATE INDEX pooled_keys_by_status ON pooled_keys (pool_id, status);

-- the queue a pool serves: an entitlement's Pending grants, oldest first
CREATE INDEX grants_pending_oldest ON grants (entitlement_id, created_at, id) WHERE status = 'Pending';

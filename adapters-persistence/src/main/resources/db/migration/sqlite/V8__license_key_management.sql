-- License-key management (issue 13): keys imported with POST /license_keys have no grant, so grant_id
-- becomes optional; listings need a newest-first index per business; rotations keep a history of the
-- values they replaced, as SHA-256 only.
--
-- SQLite cannot drop a NOT NULL constraint, so both key tables are rebuilt, keeping V4's 1024-character bound
-- on stored values (signed keys are longer than a typed key's 255). Flyway runs this in one
-- transaction, where PRAGMA foreign_keys cannot be switched off: the instances move to a new table first,
-- so dropping the old keys table cascades into nothing, and the renames carry the references along.
CREATE TABLE license_keys_v8 (
    id                TEXT PRIMARY KEY,
    business_id       TEXT NOT NULL,
    -- deferred: a fulfillment stores the key and the grant that names it in one transaction, in either order
    grant_id          TEXT REFERENCES grants (id) DEFERRABLE INITIALLY DEFERRED,
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
    CONSTRAINT license_keys_value_trimmed CHECK (length(value) BETWEEN 1 AND 1024 AND value = trim(value)),
    CONSTRAINT license_keys_source CHECK (source IN ('auto', 'manual', 'import')),
    CONSTRAINT license_keys_activations_limit CHECK (activations_limit IS NULL OR activations_limit >= 1),
    CONSTRAINT license_keys_expiry CHECK ((expires_at_second IS NULL) = (expires_at_nano IS NULL)
        AND (expires_at_nano IS NULL OR expires_at_nano BETWEEN 0 AND 999999999)),
    CONSTRAINT license_keys_grant_unless_imported CHECK (grant_id IS NOT NULL OR source = 'import')
);
INSERT INTO license_keys_v8 (id, business_id, grant_id, customer_id, entitlement_id, value, source, activations_limit,
                             expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version)
    SELECT id, business_id, grant_id, customer_id, entitlement_id, value, source, activations_limit,
           expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version
    FROM license_keys;

CREATE TABLE license_key_instances_v8 (
    id             TEXT PRIMARY KEY,
    license_key_id TEXT NOT NULL REFERENCES license_keys_v8 (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT license_key_instances_position UNIQUE (license_key_id, position)
);
INSERT INTO license_key_instances_v8 (id, license_key_id, position, name, created_at)
    SELECT id, license_key_id, position, name, created_at FROM license_key_instances;

DROP TABLE license_key_instances;
DROP TABLE license_keys;
ALTER TABLE license_keys_v8 RENAME TO license_keys;
ALTER TABLE license_key_instances_v8 RENAME TO license_key_instances;

CREATE INDEX license_keys_by_grant ON license_keys (grant_id);
CREATE INDEX license_keys_newest ON license_keys (business_id, created_at DESC, id DESC);
CREATE INDEX license_key_instances_newest ON license_key_instances (created_at DESC, id DESC);

CREATE TABLE license_key_past_values (
    license_key_id TEXT NOT NULL REFERENCES license_keys (id) ON DELETE CASCADE,
    business_id    TEXT NOT NULL,
    value_sha256   TEXT NOT NULL CHECK (length(value_sha256) = 64),
    replaced_at    BIGINT NOT NULL,
    replaced_by    TEXT NOT NULL,
    PRIMARY KEY (license_key_id, replaced_at, value_sha256)
);

-- License-key management (issue 13): keys imported with POST /license_keys have no grant, so grant_id
-- becomes optional; listings need a newest-first index per business; rotations keep a history of the
-- values they replaced, as SHA-256 only.
ALTER TABLE license_keys ALTER COLUMN grant_id DROP NOT NULL;
ALTER TABLE license_keys ADD CONSTRAINT license_keys_grant_unless_imported CHECK (grant_id IS NOT NULL OR source = 'import');
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

-- Offline verification: the businesses' Ed25519 signing keys, and room for signed license keys.
-- A signed key carries its payload and signature (about 300 characters), so stored values may reach
-- 1024 characters; keys a merchant or customer types are still held to 255 by the engine.

ALTER TABLE license_keys DROP CONSTRAINT license_keys_value_trimmed;
ALTER TABLE license_keys ADD CONSTRAINT license_keys_value_trimmed
    CHECK (length(value) BETWEEN 1 AND 1024 AND value = btrim(value));

-- generation 1, 2, 3… per business; the highest is the current key. The private key is stored sealed:
-- wrapped with AES-256-GCM when the deployment has a key-encryption key, plain PKCS#8 otherwise.
CREATE TABLE signing_keys (
    kid                TEXT PRIMARY KEY,
    business_id        TEXT NOT NULL,
    generation         INTEGER NOT NULL,
    public_key         TEXT NOT NULL,
    sealed_private_key TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    CONSTRAINT signing_keys_generation_unique UNIQUE (business_id, generation),
    CONSTRAINT signing_keys_generation_positive CHECK (generation >= 1)
);

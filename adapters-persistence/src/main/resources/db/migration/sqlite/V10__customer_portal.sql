-- The customer portal's ways in. Only SHA-256 hashes of the secrets are stored. A link is taken once (used_at
-- set by one conditional update); a code is the live one of its email at its business, deleted when used or
-- after its fifth wrong try.
CREATE TABLE portal_sign_in_links (
    token_hash  TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    return_url  TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX portal_sign_in_links_expiry ON portal_sign_in_links (expires_at);

CREATE TABLE portal_sign_in_codes (
    business_id TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    wrong_tries INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (business_id, email_key)
);
CREATE INDEX portal_sign_in_codes_expiry ON portal_sign_in_codes (expires_at);

-- Fixed-window attempt counters (rate limits that hold across nodes): one row per bucket and window.
CREATE TABLE throttle_windows (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    attempts     BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX throttle_windows_start ON throttle_windows (window_start);

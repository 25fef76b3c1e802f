-- The web faces (operator console, customer portal): operators, one-time login links, sessions, and who did what.
-- Secrets are never stored: a link or session is kept as the SHA-256 of its secret, tied to one realm.

CREATE TABLE operators (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    email       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    CONSTRAINT operators_email_unique UNIQUE (business_id, email)
);
CREATE INDEX operators_by_email ON operators (email);

CREATE TABLE web_login_links (
    token_hash  TEXT PRIMARY KEY,
    realm       TEXT NOT NULL CHECK (realm IN ('CONSOLE', 'PORTAL')),
    business_id TEXT NOT NULL,
    subject     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX web_login_links_by_subject ON web_login_links (realm, business_id, subject, created_at);

CREATE TABLE web_sessions (
    token_hash   TEXT PRIMARY KEY,
    realm        TEXT NOT NULL CHECK (realm IN ('CONSOLE', 'PORTAL')),
    business_id  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE audit_entries (
    id          TEXT PRIMARY KEY,
    business_id TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX audit_entries_by_subject ON audit_entries (business_id, subject, at);
CREATE INDEX audit_entries_by_time ON audit_entries (business_id, at);

-- Resending delivery emails (issue 12, item 6). resend_windows is the rate limit: one row per grant and policy,
-- claimed by a conditional upsert so that of two concurrent resends only one takes the window's last use.
-- delivery_resends records each resend: its outbox message, who asked and under which policy.
CREATE TABLE resend_windows (
    grant_id    TEXT NOT NULL REFERENCES grants (id),
    policy      TEXT NOT NULL,
    business_id TEXT NOT NULL,
    opened_at   BIGINT NOT NULL,
    uses        INTEGER NOT NULL CHECK (uses >= 1),
    PRIMARY KEY (grant_id, policy)
);

CREATE TABLE delivery_resends (
    outbox_message_id TEXT PRIMARY KEY,
    business_id       TEXT NOT NULL,
    grant_id          TEXT NOT NULL REFERENCES grants (id),
    policy            TEXT NOT NULL,
    requested_by      TEXT NOT NULL,
    requested_at      BIGINT NOT NULL
);
CREATE INDEX delivery_resends_by_grant ON delivery_resends (grant_id, requested_at DESC, outbox_message_id DESC);

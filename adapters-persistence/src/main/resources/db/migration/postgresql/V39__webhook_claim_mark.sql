-- Until when a dispatcher's claim holds a webhook delivery (session 41; the same column as SQLite's V36). The claim
-- writes it in the statement that claims (its lease's end, the value it gives next_attempt_at too); a settlement
-- (rescheduled, failed, delivered) and a requeue clear it. An operator's retry of a pending delivery leaves the
-- delivery alone while its mark is later than now and brings it forward otherwise, whatever its backoff: before this
-- the retry could tell a held delivery only by a next attempt within a lease, which a short backoff has too.
-- NULL is "not held": every row written before this version. Old nodes are stopped before an upgrade, so the only
-- row the mark misjudges is one an old node claimed in its last lease before it stopped: a retry may send that again at
-- once, with the same webhook-id, as its lease's end would. Not indexed: only the retry of one row, by id, reads it;
-- the claim's indexes and plans stay as they were. Adding a nullable column without a default rewrites nothing.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until BIGINT;

-- The relay claims the messages that fell due first: WHERE status = 'PENDING' AND next_attempt_at <= now ORDER BY
-- next_attempt_at, id LIMIT n, walking this index and stopping after n. V14's walk in creation order read no more than
-- it claimed while messages were fresh, but passed every message waiting for a retry (20-30 ms per claim with 100,000
-- of them on PostgreSQL 15, a mail server down); in the order they fall due, neither a backlog of due messages nor one
-- of retries is read. outbox_pending_oldest has no other reader.
DROP INDEX outbox_pending_oldest;
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at, id) WHERE status = 'PENDING';

-- The relay claims the due messages that fell due first: WHERE status = 'PENDING' AND next_attempt_at <= now ORDER BY
-- next_attempt_at, id LIMIT n, walking this index and stopping after n. It claimed the oldest by creation before,
-- through outbox_pending_oldest or through an index on next_attempt_at alone; PostgreSQL (on statistics taken while
-- nothing waited) chose the latter, read every due message and sorted them to keep n: each pass cost time in
-- proportion to the backlog (11 ms per claim on average under a fulfill load of 16 clients), so a relay that fell
-- behind fell further behind. The walk in creation order would instead pass every message waiting for a retry (20-30
-- ms per claim with 100,000 of them, a mail server down). In the order they fall due, neither kind is read.
DROP INDEX outbox_pending_due;
DROP INDEX outbox_pending_oldest;
CREATE INDEX outbox_pending_due ON outbox (next_attempt_at, id) WHERE status = 'PENDING';

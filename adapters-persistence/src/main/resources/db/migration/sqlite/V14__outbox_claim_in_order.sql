-- The relay claims the oldest due messages: WHERE status = 'PENDING' AND next_attempt_at <= now ORDER BY created_at, id
-- LIMIT n. With an index on next_attempt_at beside the one in creation order, PostgreSQL's planner (on statistics taken
-- while the outbox was small) read every due message through the former and sorted them to keep n: each pass cost time
-- in proportion to the backlog (about 3 ms per pass at 3,000 waiting, 11 ms on average under a fulfill load of 16
-- clients), so a relay that fell behind fell further behind. Walking outbox_pending_oldest stops after n due messages.
-- Nothing else reads this index, and every append, claim and settle paid for keeping it.
DROP INDEX outbox_pending_due;

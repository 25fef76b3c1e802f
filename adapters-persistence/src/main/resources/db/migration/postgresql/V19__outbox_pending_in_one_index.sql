-- The relay's claim (pending and due, walked in due order through outbox_pending_due, stopping after its batch) could
-- also be served by outbox_by_status_newest, status first: read every pending message and sort them all to claim 50.
-- The planner chose that whenever its statistics, taken while few messages waited, met a backlog: a plan made for the
-- bound values estimated two pending rows and read 5,000, and under compare.sh's 64-client level every claim read the
-- whole backlog (36 ms a claim against 1.4), so a relay that fell behind fell further behind. Without pending messages
-- this index still serves what it is for (the purge of sent messages, the listings of sent and parked ones), and a
-- pending message is in one index only: the claim's.
DROP INDEX outbox_by_status_newest;
CREATE INDEX outbox_by_status_newest ON outbox (status, created_at DESC, id DESC) WHERE status <> 'PENDING';

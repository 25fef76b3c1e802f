-- Until when a relay's claim holds an outbox message (session 42). The claim used to push next_attempt_at to its lease's
-- end, and next_attempt_at is the key of outbox_pending_due: every claimed message's new version then took an entry in
-- each of the outbox's indexes (four), on another page, and so did the mark that followed it. Now the claim writes this
-- column, which no index names, and the claim reads "due and not held" (next_attempt_at <= now AND (claimed_until IS
-- NULL OR claimed_until <= now)): the new version can stay on its page without an index entry (a HOT update), if the page
-- has room. A reschedule and a requeue clear it. NULL is "not held": every row written before this version. Old nodes
-- are stopped before an upgrade, and a message an old node claimed keeps its moved next_attempt_at, so none is sent early.
-- Adding a nullable column without a default rewrites nothing.
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
-- The room: new pages are filled to half with inserts, the rest is left to the claims' new versions (a fulfill's three
-- messages are 3-4 KB). Pages written before keep what they have (nothing is rewritten); the outbox's table takes about
-- twice the pages for the sent messages it keeps (30 days by default).
ALTER TABLE outbox SET (fillfactor = 50);
-- A grant's index by customer alone (V1) goes: every read of grants by customer names the business too, and
-- grants_by_customer_newest (business, customer, newest first) answers each one; no customer is ever deleted, so the
-- reference to customers needs no index of its own (GrantsByCustomerPlansTest). A grant's insert and each of its
-- updates (a fulfill's among them: the grant's status is indexed, so its update is never HOT) wrote one entry in it.
DROP INDEX grants_by_customer;

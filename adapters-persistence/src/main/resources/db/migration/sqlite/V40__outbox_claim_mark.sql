-- Until when a relay's claim holds an outbox message (session 42; PostgreSQL's V43). The claim writes this column where it
-- pushed next_attempt_at, so that on PostgreSQL the claim's update touches no index; SQLite rewrites a changed row's
-- entries either way, and takes the same rule so both stores answer alike: a message is claimable when next_attempt_at <=
-- now AND (claimed_until IS NULL OR claimed_until <= now). A reschedule and a requeue clear it. NULL is "not held".
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
-- As PostgreSQL's V43, grants_by_customer goes: every read of grants by customer names the business, and
-- grants_by_customer_newest answers it (GrantsByCustomerPlansTest); one entry fewer at each grant's insert and update.
DROP INDEX grants_by_customer;

-- A pool's take (its oldest available key: a walk of pooled_keys_claim that stops at the first) could also be served by
-- pooled_keys_by_status (pool_id, status): read every available key of the pool and sort them all to hand out one. The
-- planner chose that, on the generic plan and on one made for the values, whenever its statistics saw a pool nearly
-- used up and keys were then imported: with 20,000 voided and 5 available at the analysis and 5,000 imported after it,
-- each take read 5,005 keys, and the more a merchant imports, the slower every fulfillment from the pool. Ordered by
-- creation behind the status, the index now serves the take (and a listing of one status, newest first) as a walk that
-- stops, whichever of the two the planner takes; counting a pool's keys by status still reads it alone.
DROP INDEX pooled_keys_by_status;
CREATE INDEX pooled_keys_by_status ON pooled_keys (pool_id, status, created_at, id);

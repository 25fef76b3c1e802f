-- Delivered and failed webhook deliveries are deleted once they are older than the dispatcher keeps them
-- (--keep-webhook-deliveries-days, 30 by default): until then every event stayed, once per endpoint, for good. This
-- index lets the purge walk the finished ones from the oldest and stop after its chunk; a delivery enters it when it
-- settles (an update that was never HOT on PostgreSQL: its status is in the pending indexes' predicates already).
CREATE INDEX webhook_deliveries_finished_oldest ON webhook_deliveries (created_at, id)
    WHERE status IN ('DELIVERED', 'FAILED');

-- A rotated webhook secret keeps signing beside the new one until retiring_until (nanoseconds since the epoch), so
-- that a receiver can take the new one up without refusing a delivery in between. Both null: nothing is retiring.
ALTER TABLE webhook_endpoints ADD COLUMN retiring_secret TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN retiring_until BIGINT;

-- The rows written before V38 learn the grant they are about (session 41; the same rows as SQLite's V37), so a grant's
-- page lists the emails and webhook deliveries it had before the upgrade as well, for as long as the purges keep them.
-- A row names its grant in its payload, in the shapes every release wrote: the delivery email's top-level "grant_id"
-- (a first delivery, a replacement key's email, a resend), an entitlement_grant.* event's "data"."id", a
-- license_key.created or license_key.rotated event's "data"."grant_id" (absent for a key without a grant). A webhook
-- delivery's payload is its event's envelope. Portal sign-in emails and key_pool.* events name no grant and stay NULL.
-- A row is linked only to a grant of its own business, so a payload naming another business's grant is left alone.
--
-- Of the outbox, the emails (what the timeline shows) and the events not yet sent (the relay still fans them out, and
-- their deliveries take the grant from the row); a sent event is read by nothing, and rewriting it would only make the
-- upgrade longer. One UPDATE a table, in the migration's transaction, while every node is stopped for the upgrade (and
-- new ones wait for the migrating one): measured over 300,000 outbox rows and 200,000 deliveries on two loaded cores,
-- 8 s and 47 s (dev-notes/2026-12-07-s41/backfill/). Interrupted, it rolls back with the version and runs again at the
-- next start; run again over linked rows it finds nothing (grant_id IS NULL). Only grant_id is written: a PENDING row
-- keeps its status, attempts and next_attempt_at, so its claim is as it was.
UPDATE outbox SET grant_id = named.grant_id
FROM (SELECT id, business_id,
             CASE WHEN kind = 'EMAIL' THEN payload::json ->> 'grant_id'
                  WHEN topic LIKE 'entitlement_grant.%' THEN payload::json -> 'data' ->> 'id'
                  ELSE payload::json -> 'data' ->> 'grant_id' END AS grant_id
      FROM outbox
      WHERE grant_id IS NULL
        AND ((kind = 'EMAIL' AND topic = 'email.license_key_delivery')
          OR (kind = 'EVENT' AND status <> 'SENT'
              AND topic IN ('entitlement_grant.created', 'entitlement_grant.delivered', 'entitlement_grant.failed',
                            'entitlement_grant.revoked', 'license_key.created', 'license_key.rotated')))) named
WHERE outbox.id = named.id
  AND EXISTS (SELECT 1 FROM grants WHERE grants.id = named.grant_id AND grants.business_id = named.business_id);

UPDATE webhook_deliveries SET grant_id = named.grant_id
FROM (SELECT id, business_id,
             CASE WHEN event_type LIKE 'entitlement_grant.%' THEN payload::json -> 'data' ->> 'id'
                  ELSE payload::json -> 'data' ->> 'grant_id' END AS grant_id
      FROM webhook_deliveries
      WHERE grant_id IS NULL
        AND event_type IN ('entitlement_grant.created', 'entitlement_grant.delivered', 'entitlement_grant.failed',
                           'entitlement_grant.revoked', 'license_key.created', 'license_key.rotated')) named
WHERE webhook_deliveries.id = named.id
  AND EXISTS (SELECT 1 FROM grants WHERE grants.id = named.grant_id AND grants.business_id = named.business_id);

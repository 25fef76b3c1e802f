-- The rows written before V35 learn the grant they are about (session 41; the same rows as PostgreSQL's V40), so a
-- grant's page lists the emails and webhook deliveries it had before the upgrade as well, for as long as the purges keep
-- them. A row names its grant in its payload, in the shapes every release wrote: the delivery email's top-level
-- "grant_id" (a first delivery, a replacement key's email, a resend), an entitlement_grant.* event's "data"."id", a
-- license_key.created or license_key.rotated event's "data"."grant_id" (absent for a key without a grant). A webhook
-- delivery's payload is its event's envelope. Portal sign-in emails and key_pool.* events name no grant and stay NULL.
-- A row is linked only to a grant of its own business, so a payload naming another business's grant is left alone.
--
-- Of the outbox, the emails (what the timeline shows) and the events not yet sent (the relay still fans them out, and
-- their deliveries take the grant from the row); a sent event is read by nothing. One UPDATE a table, in the
-- migration's transaction, before the service opens: measured over 300,000 outbox rows and 200,000 deliveries on two
-- loaded cores, 10 s and 16 s (dev-notes/2026-12-07-s41/backfill/). Interrupted, it rolls back with the version and
-- runs again at the next start; run again over linked rows it finds nothing (grant_id IS NULL). Only grant_id is
-- written: a PENDING row keeps its status, attempts and next_attempt_at. A payload that is not JSON is passed over.
UPDATE outbox SET grant_id = named.grant_id
FROM (SELECT id, business_id,
             CASE WHEN kind = 'EMAIL' THEN json_extract(payload, '$.grant_id')
                  WHEN topic LIKE 'entitlement_grant.%' THEN json_extract(payload, '$.data.id')
                  ELSE json_extract(payload, '$.data.grant_id') END AS grant_id
      FROM outbox
      WHERE grant_id IS NULL AND json_valid(payload)
        AND ((kind = 'EMAIL' AND topic = 'email.license_key_delivery')
          OR (kind = 'EVENT' AND status <> 'SENT'
              AND topic IN ('entitlement_grant.created', 'entitlement_grant.delivered', 'entitlement_grant.failed',
                            'entitlement_grant.revoked', 'license_key.created', 'license_key.rotated')))) AS named
WHERE outbox.id = named.id
  AND EXISTS (SELECT 1 FROM grants WHERE grants.id = named.grant_id AND grants.business_id = named.business_id);

UPDATE webhook_deliveries SET grant_id = named.grant_id
FROM (SELECT id, business_id,
             CASE WHEN event_type LIKE 'entitlement_grant.%' THEN json_extract(payload, '$.data.id')
                  ELSE json_extract(payload, '$.data.grant_id') END AS grant_id
      FROM webhook_deliveries
      WHERE grant_id IS NULL AND json_valid(payload)
        AND event_type IN ('entitlement_grant.created', 'entitlement_grant.delivered', 'entitlement_grant.failed',
                           'entitlement_grant.revoked', 'license_key.created', 'license_key.rotated')) AS named
WHERE webhook_deliveries.id = named.id
  AND EXISTS (SELECT 1 FROM grants WHERE grants.id = named.grant_id AND grants.business_id = named.business_id);

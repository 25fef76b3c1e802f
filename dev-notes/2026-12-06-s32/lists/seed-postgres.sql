-- One business's history at scale, in SQL (psql variables: bus, tag, grants, customers, pool_keys).
-- Five entitlements copied from the ones created through the API in business :'src' (their configs stay valid):
-- e1 license keys (55% of grants), e2 license keys fed by a pool (30%), e3 discord (10%), e4 license keys (4%),
-- e5 feature flag (1%; left out where the business has four entitlements). Grants: 2% Pending (the queue), 0.5% Failed, 3% Revoked, the rest Delivered; a license-key
-- grant's key is in license_keys (1% disabled, 10% with an expiry, half of those past); a key in four has an instance.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO entitlements (id, business_id, name, description, integration_type, integration_config, metadata, created_at, updated_at, deleted_at, version)
SELECT 'ent_' || :'tag' || lpad((row_number() OVER (ORDER BY created_at))::text, 19, '0'), :'bus', name, description, integration_type,
       integration_config, metadata, created_at, updated_at, NULL, 0
FROM entitlements WHERE business_id = :'src' AND :'bus' <> :'src';
CREATE TEMP TABLE e AS SELECT id, integration_type, row_number() OVER (ORDER BY created_at, id) AS n
FROM entitlements WHERE business_id = :'bus';

INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at, metadata)
SELECT 'cus_' || :'tag' || lpad(g::text, 19, '0'), :'bus', 'buyer' || g || '@example.com', 'buyer' || g || '@example.com', 'Buyer ' || g,
       1700000000000000000 + g::bigint * 600000000000, 1700000000000000000 + g::bigint * 600000000000, '{}'
FROM generate_series(1, :customers) g;

CREATE TEMP TABLE s AS
SELECT g,
       CASE WHEN g % 100 < 55 THEN 1 WHEN g % 100 < 85 THEN 2 WHEN g % 100 < 95 THEN 3 WHEN g % 100 < 99 THEN 4 ELSE 5 END AS en,
       CASE WHEN (g * 7919) % 1000 < 20 THEN 'Pending' WHEN (g * 7919) % 1000 < 25 THEN 'Failed'
            WHEN (g * 7919) % 1000 < 55 THEN 'Revoked' ELSE 'Delivered' END AS st,
       1700000000000000000 + g::bigint * 150000000000 AS at
FROM generate_series(1, :grants) g;

INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type, payment_id, subscription_id,
    metadata, created_at, updated_at, status, ended_status, delivered_at, license_key_id, license_key, delivery_payload,
    failed_at, error_code, error_message, revoked_at, revocation_reason, version)
SELECT 'entg_' || :'tag' || lpad(g::text, 19, '0'), :'bus', (SELECT default_brand_id FROM businesses WHERE id = :'bus'),
       'cus_' || :'tag' || lpad((1 + g % :customers)::text, 19, '0'), e.id, e.integration_type, 'pay_' || :'tag' || '_' || g, NULL, '{}', at, at,
       st, CASE WHEN st = 'Revoked' THEN 'Delivered' ELSE st END,
       CASE WHEN st IN ('Delivered', 'Revoked') THEN at END,
       CASE WHEN st IN ('Delivered', 'Revoked') AND e.integration_type = 'license_key' THEN 'lic_' || :'tag' || lpad(g::text, 19, '0') END,
       CASE WHEN st IN ('Delivered', 'Revoked') AND e.integration_type = 'license_key' THEN 'KEY-' || :'tag' || '-' || g END,
       CASE WHEN st IN ('Delivered', 'Revoked') AND e.integration_type <> 'license_key' THEN '{}' END,
       CASE WHEN st = 'Failed' THEN at END, CASE WHEN st = 'Failed' THEN 'x' END, CASE WHEN st = 'Failed' THEN 'x' END,
       CASE WHEN st = 'Revoked' THEN at END, CASE WHEN st = 'Revoked' THEN 'refund' END, 0
FROM s JOIN e ON e.n = s.en;

INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value, source, activations_limit,
    expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version)
SELECT license_key_id, business_id, id, customer_id, entitlement_id, license_key,
       CASE WHEN right(id, 2) = '17' THEN 'manual' ELSE 'auto' END, 3,
       CASE WHEN right(id, 1) = '3' THEN created_at / 1000000000 + (CASE WHEN right(id, 2) < '50' THEN 1 ELSE 1000000000 END) END,
       CASE WHEN right(id, 1) = '3' THEN 0 END,
       CASE WHEN right(id, 2) = '42' THEN created_at END, created_at, created_at, 0
FROM grants WHERE business_id = :'bus' AND license_key_id IS NOT NULL;

-- business_id since V33 (refs helper); drop it from both lists to seed a store of an earlier schema
INSERT INTO license_key_instances (id, license_key_id, business_id, position, name, created_at)
SELECT 'lki_' || substr(id, 5), id, business_id, 0, 'laptop', created_at + 1000 FROM license_keys
WHERE business_id = :'bus' AND right(id, 1) IN ('0', '5', '8');

INSERT INTO key_pools (id, business_id, entitlement_id, low_stock_threshold, low_stock_armed, empty_armed, created_at, updated_at, version)
SELECT 'kpl_' || :'tag' || lpad('1', 19, '0'), :'bus', id, 10, TRUE, TRUE, 0, 0, 0 FROM e WHERE n = 2;
INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status, voided_at, created_at, version)
SELECT 'pk_' || :'tag' || lpad(g::text, 19, '0'), 'kpl_' || :'tag' || lpad('1', 19, '0'), :'bus', (SELECT id FROM e WHERE n = 2), 'POOL-' || :'tag' || '-' || g,
       CASE WHEN g % 20 = 0 THEN 'voided' ELSE 'available' END, CASE WHEN g % 20 = 0 THEN 1 END,
       1700000000000000000 + g, 0
FROM generate_series(1, :pool_keys) g;
COMMIT;

#!/usr/bin/env bash
# Prints the SQL (SQLite) that gives business $1 (with entitlement $2) $3 customers and $4 license-key grants, one a
# minute up to now: every 50th grant Pending, the others Delivered with a key. Ids are well-formed (prefix + 21
# characters) and marked with the tag $5 (one capital letter), so several businesses can be seeded side by side.
# Grant i is of customer i % customers; its payment is pay_<tag><i>, its key <TAG>-KEY-<i>-<i*7919 % 100000>.
set -eu
b=$1; e=$2; customers=$3; grants=$4; t=$5
now=$(date +%s)
cat <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $customers - 1)
INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at, phone_number, metadata)
SELECT 'cus_S$t' || substr('0000000000000000000' || i, -19), '$b', 'Customer' || i || '@$t.example.com',
       lower('customer' || i || '@$t.example.com'), 'Customer ' || i || ' Smith',
       ($now - 3 * 365 * 86400 + i) * 1000000000, ($now - 3 * 365 * 86400 + i) * 1000000000, NULL, '{}' FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $grants - 1)
INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type, payment_id, metadata,
                    created_at, updated_at, status, ended_status, delivered_at, license_key_id, license_key, version)
SELECT 'entg_S$t' || substr('0000000000000000000' || i, -19), '$b',
       (SELECT default_brand_id FROM businesses WHERE id = '$b'),
       'cus_S$t' || substr('0000000000000000000' || (i % $customers), -19), '$e', 'license_key', 'pay_$t' || i, '{}',
       ($now - ($grants - i) * 60) * 1000000000, ($now - ($grants - i) * 60) * 1000000000,
       CASE WHEN i % 50 = 0 THEN 'Pending' ELSE 'Delivered' END, CASE WHEN i % 50 = 0 THEN 'Pending' ELSE 'Delivered' END,
       CASE WHEN i % 50 = 0 THEN NULL ELSE ($now - ($grants - i) * 60) * 1000000000 END,
       CASE WHEN i % 50 = 0 THEN NULL ELSE 'lic_S$t' || substr('0000000000000000000' || i, -19) END,
       CASE WHEN i % 50 = 0 THEN NULL ELSE '$t-KEY-' || i || '-' || (i * 7919 % 100000) END, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $grants - 1)
INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value, source, created_at, updated_at, version)
SELECT 'lic_S$t' || substr('0000000000000000000' || i, -19), '$b', 'entg_S$t' || substr('0000000000000000000' || i, -19),
       'cus_S$t' || substr('0000000000000000000' || (i % $customers), -19), '$e', '$t-KEY-' || i || '-' || (i * 7919 % 100000),
       'manual', ($now - ($grants - i) * 60) * 1000000000, ($now - ($grants - i) * 60) * 1000000000, 0 FROM n WHERE i % 50 <> 0;
COMMIT;
SQL

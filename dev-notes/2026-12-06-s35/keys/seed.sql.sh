#!/usr/bin/env bash
# Prints the SQL (SQLite) that gives business $1 (with entitlement $2) $3 customers and $4 license-key grants, one a
# minute up to now: every 50th grant Pending, the others Delivered with a key. Ids are well-formed (prefix + 21
# characters) and marked with the tag $5 (one capital letter). Grant i is of customer i % customers (a page of the
# newest grants is of as many customers); every other key ends "-2026", the others <TAG>-KEY-<i>-<i*7919 % 100000>.
# $6 says which keys have an expiry: "tenth" (key i with i % 10 = 1; those with i % 200 = 1, one in twenty of them,
# expired a minute after their issue, the others in ten years), "tenth-future" (the same keys, none expired), "all-future"
# (every key, none expired), "all-ten-expired" (every key; the ten with i % 20000 = 7 expired a minute after their
# issue, the others in ten years), "all-half-expired" (every key; the older half expired a minute after their issue, the
# newer half in ten years) or "none". (Session 33's script, with the "all-ten-expired" mode added by helper "tail" and
# "all-half-expired" by helper "expired".)
set -eu
b=$1; e=$2; customers=$3; grants=$4; t=$5; expiry=${6:-none}
now=$(date +%s)
future=$((now + 10 * 365 * 86400))
created="($now - ($grants - i) * 60)"
case "$expiry" in
  tenth)        expires="CASE WHEN i % 200 = 1 THEN $created + 60 WHEN i % 10 = 1 THEN $future END" ;;
  tenth-future) expires="CASE WHEN i % 10 = 1 THEN $future END" ;;
  all-future)   expires="$future" ;;
  all-ten-expired) expires="CASE WHEN i % 20000 = 7 THEN $created + 60 ELSE $future END" ;;
  all-half-expired) expires="CASE WHEN i < $grants / 2 THEN $created + 60 ELSE $future END" ;;
  none)         expires="NULL" ;;
  *) echo "unknown expiry mode $expiry" >&2; exit 2 ;;
esac
value="'$t-KEY-' || i || '-' || CASE WHEN i % 2 = 0 THEN '2026' ELSE (i * 7919 % 100000) END"
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
       $created * 1000000000, $created * 1000000000,
       CASE WHEN i % 50 = 0 THEN 'Pending' ELSE 'Delivered' END, CASE WHEN i % 50 = 0 THEN 'Pending' ELSE 'Delivered' END,
       CASE WHEN i % 50 = 0 THEN NULL ELSE $created * 1000000000 END,
       CASE WHEN i % 50 = 0 THEN NULL ELSE 'lic_S$t' || substr('0000000000000000000' || i, -19) END,
       CASE WHEN i % 50 = 0 THEN NULL ELSE $value END, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $grants - 1)
INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value, source, expires_at_second,
                          expires_at_nano, created_at, updated_at, version)
SELECT 'lic_S$t' || substr('0000000000000000000' || i, -19), '$b', 'entg_S$t' || substr('0000000000000000000' || i, -19),
       'cus_S$t' || substr('0000000000000000000' || (i % $customers), -19), '$e', $value, 'manual',
       $expires, CASE WHEN ($expires) IS NULL THEN NULL ELSE 0 END,
       $created * 1000000000, $created * 1000000000, 0 FROM n WHERE i % 50 <> 0;
COMMIT;
SQL

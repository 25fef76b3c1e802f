-- A fulfillment's three writes timed apart inside one backend (issue 19, session 14): 300 pending grants of a database
-- one.sh left behind, each key insert, three outbox rows and grant update timed with clock_timestamp(); everything is
-- rolled back at the end. Run: psql -d grantor_http -f write-parts.sql
DO $$
DECLARE r record; t0 timestamptz; a float8:=0; b float8:=0; c float8:=0; n int:=0; k text;
BEGIN
  FOR r IN SELECT id, business_id, customer_id, entitlement_id, version FROM grants WHERE status='Pending' LIMIT 300 LOOP
    k := 'lk_t' || n;
    t0 := clock_timestamp();
    INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value, source, activations_limit, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version)
      VALUES (k, r.business_id, r.id, r.customer_id, r.entitlement_id, 'VAL-T-' || n || '-' || md5(r.id), 'manual', null, null, null, null, 1, 1, 0);
    a := a + extract(epoch from clock_timestamp()-t0); t0 := clock_timestamp();
    INSERT INTO outbox (id, business_id, kind, topic, payload, created_at, attempts, next_attempt_at, status, last_error) VALUES
      (k||'a', r.business_id, 'EVENT', 't', repeat('x', 1500), 1, 0, 1, 'PENDING', null),(k||'b', r.business_id, 'EVENT', 't', repeat('y', 1500), 1, 0, 1, 'PENDING', null),(k||'c', r.business_id, 'EMAIL', 't', repeat('z', 1500), 1, 0, 1, 'PENDING', null);
    b := b + extract(epoch from clock_timestamp()-t0); t0 := clock_timestamp();
    UPDATE grants SET updated_at = 2, status = 'Delivered', ended_status = 'Delivered', delivered_at = 2, license_key_id = k, license_key = 'VAL-T-' || n || '-' || md5(r.id), version = version + 1
      WHERE id = r.id AND business_id || '' = r.business_id AND version = r.version;
    c := c + extract(epoch from clock_timestamp()-t0);
    n := n + 1;
  END LOOP;
  RAISE NOTICE 'n=% key insert % ms, outbox 3 rows % ms, grant update % ms', n, round((1000*a/n)::numeric,4), round((1000*b/n)::numeric,4), round((1000*c/n)::numeric,4);
  RAISE EXCEPTION 'rollback';
END $$;

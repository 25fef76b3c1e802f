\set S 40000
\set P 30
\set B 5000
truncate webhook_deliveries; delete from webhook_endpoints;
insert into webhook_endpoints values ('we_1','bus_x','http://x','', '{}', false, '[]', '{}', null, 's', 0, 0, 0);
insert into webhook_deliveries (id,business_id,endpoint_id,event_id,event_type,payload,created_at,status,attempts,next_attempt_at)
 select 'whd_s'||g, 'bus_x', 'we_1', 'evt'||g, 'grant.delivered', repeat('x',800), g*1000000, 'DELIVERED', 1, g*1000000 from generate_series(1::bigint,:S) g;
insert into webhook_deliveries (id,business_id,endpoint_id,event_id,event_type,payload,created_at,status,attempts,next_attempt_at)
 select 'whd_p'||g, 'bus_x', 'we_1', 'evp'||g, 'grant.delivered', repeat('x',800), (:S+g)*1000000, 'PENDING', 0, (:S+g)*1000000 from generate_series(1::bigint,:P) g;
analyze webhook_deliveries;
insert into webhook_deliveries (id,business_id,endpoint_id,event_id,event_type,payload,created_at,status,attempts,next_attempt_at)
 select 'whd_b'||g, 'bus_x', 'we_1', 'evb'||g, 'grant.delivered', repeat('x',800), (:S+:P+g)*1000000, 'PENDING', 0, (:S+:P+g)*1000000 from generate_series(1::bigint,:B) g;
prepare c(bigint,bigint,int) as UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id = ANY(ARRAY(SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)) RETURNING id;
prepare f(text,bigint,int) as SELECT id, next_attempt_at FROM webhook_deliveries WHERE business_id = $1 AND status = 'PENDING' AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3;
begin; set local plan_cache_mode = force_custom_plan;
explain (analyze, costs off) execute c(999999999999999, 99999999999999, 50);
explain (analyze, costs off) execute f('bus_x', 99999999999999, 50);
rollback;
begin; set local plan_cache_mode = force_generic_plan;
explain (analyze, costs off) execute c(999999999999999, 99999999999999, 50);
explain (analyze, costs off) execute f('bus_x', 99999999999999, 50);
rollback;

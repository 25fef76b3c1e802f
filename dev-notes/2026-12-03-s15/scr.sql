-- shape: S sent, P pending at analysis; then B more pending
\set S 40000
\set P 30
\set B 5000
truncate outbox;
insert into outbox (id,business_id,kind,topic,payload,created_at,attempts,next_attempt_at,status,finished_at)
 select 'obx_s'||g, 'bus_x', 'EVENT', 'grant.delivered', repeat('x',800), g*1000000, 1, g*1000000, 'SENT', g*1000000 from generate_series(1::bigint,:S) g;
insert into outbox (id,business_id,kind,topic,payload,created_at,attempts,next_attempt_at,status)
 select 'obx_p'||g, 'bus_x', 'EVENT', 'grant.delivered', repeat('x',800), (:S+g)*1000000::bigint, 0, (:S+g)*1000000::bigint, 'PENDING' from generate_series(1::bigint,:P) g;
analyze outbox;
insert into outbox (id,business_id,kind,topic,payload,created_at,attempts,next_attempt_at,status)
 select 'obx_b'||g, 'bus_x', 'EVENT', 'grant.delivered', repeat('x',800), (:S+:P+g)*1000000::bigint, 0, (:S+:P+g)*1000000::bigint, 'PENDING' from generate_series(1::bigint,:B) g;
prepare c(bigint,bigint,int) as UPDATE outbox SET next_attempt_at = $1 WHERE id = ANY(ARRAY(SELECT id FROM outbox WHERE status = 'PENDING' AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)) RETURNING id;
begin;
set local plan_cache_mode = force_generic_plan;
explain (analyze, costs off) execute c(999999999999999, 99999999999999, 50);
rollback;
begin;
set local plan_cache_mode = force_custom_plan;
explain (analyze, costs off) execute c(999999999999999, 99999999999999, 50);
rollback;

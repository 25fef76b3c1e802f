delete from pooled_keys; delete from key_pools; truncate key_values;
insert into key_pools values ('kp_1','bus_x','ent_1',10,true,true,0,0,0);
insert into pooled_keys (id,pool_id,business_id,entitlement_id,value,status,created_at,version)
 select 'pk_s'||g, 'kp_1', 'bus_x', 'ent_1', 'VAL-S-'||g, 'available', g, 0 from generate_series(1::bigint,20000) g;
update pooled_keys set status='voided', voided_at=1 where id like 'pk_s%';
vacuum analyze pooled_keys;
insert into pooled_keys (id,pool_id,business_id,entitlement_id,value,status,created_at,version)
 select 'pk_p'||g, 'kp_1', 'bus_x', 'ent_1', 'VAL-P-'||g, 'available', 20000+g, 0 from generate_series(1::bigint,5) g;
analyze pooled_keys;
insert into pooled_keys (id,pool_id,business_id,entitlement_id,value,status,created_at,version)
 select 'pk_b'||g, 'kp_1', 'bus_x', 'ent_1', 'VAL-B-'||g, 'available', 20005+g, 0 from generate_series(1::bigint,5000) g;
prepare t(text,bigint,bigint,int) as SELECT id FROM pooled_keys WHERE pool_id = $1 AND status = 'available' AND (expires_at_second IS NULL OR expires_at_second > $2 OR (expires_at_second = $2 AND expires_at_nano > $4)) ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED;
begin; set local plan_cache_mode = force_custom_plan;
explain (analyze, costs off) execute t('kp_1', 100, 100, 0);
rollback;
begin; set local plan_cache_mode = force_generic_plan;
explain (analyze, costs off) execute t('kp_1', 100, 100, 0);
rollback;

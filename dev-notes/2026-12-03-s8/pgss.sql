select calls, round(total_exec_time::numeric,1) ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'),150) q from pg_stat_statements order by calls desc limit 30;

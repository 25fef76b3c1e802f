cd /work
for r in 1 2; do for j in base=/work/grantor-s12-base.jar val=/work/grantor-s12-val.jar; do l=${j%%=*}; p=${j#*=}
PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
bash main/dev-notes/2026-12-03-s12/val.sh $p $l --db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench 2>&1 | tail -1 | sed 's/^/pg /'
bash main/dev-notes/2026-12-03-s12/val.sh $p $l 2>&1 | tail -1 | sed 's/^/sqlite /'
done; done

-- A removed operator keeps its row, marked with when it lost console access: audit entries name operators by id and
-- must go on saying who acted. Sign-in link requests look operators up by address among those not removed.
ALTER TABLE operators ADD COLUMN removed_at BIGINT;

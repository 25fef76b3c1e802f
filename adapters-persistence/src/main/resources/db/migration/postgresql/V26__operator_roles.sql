-- What an operator may do in the console: 'operator' reads and acts, 'viewer' reads every page and changes nothing.
-- Every operator had the rights of 'operator' before roles, so existing rows get it, and so does a row a node of the
-- previous version inserts during a rolling upgrade (it names no role).
ALTER TABLE operators ADD COLUMN role TEXT NOT NULL DEFAULT 'operator' CHECK (role IN ('operator', 'viewer'));

-- A license key's instance names its key's business, written with the instance (its key's, which never changes), so a
-- business's instances are listed newest first from their own index without passing over other businesses' (as
-- PostgreSQL's V33). The index takes the place of license_key_instances_newest, whose only read (that list) it serves:
-- an activation writes as many index entries as before. The table is rebuilt to hold the column NOT NULL without a
-- default, so an instance written without its business fails rather than drops out of the lists.
CREATE TABLE license_key_instances_v30 (
    id             TEXT PRIMARY KEY,
    license_key_id TEXT NOT NULL REFERENCES license_keys (id) ON DELETE CASCADE,
    business_id    TEXT NOT NULL,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT license_key_instances_position UNIQUE (license_key_id, position)
);
INSERT INTO license_key_instances_v30 (id, license_key_id, business_id, position, name, created_at)
    SELECT i.id, i.license_key_id, k.business_id, i.position, i.name, i.created_at
    FROM license_key_instances i JOIN license_keys k ON k.id = i.license_key_id;
DROP TABLE license_key_instances;
ALTER TABLE license_key_instances_v30 RENAME TO license_key_instances;
CREATE INDEX license_key_instances_by_business_newest ON license_key_instances (business_id, created_at DESC, id DESC);

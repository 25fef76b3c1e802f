-- One holder for every key value in use, across license keys and key pools. Each table keeps its own unique value,
-- but the rule "a value exists once in the deployment" spans both, and two units at READ COMMITTED (a manual
-- fulfillment of X and a pool import of X) each check the other's table before the other commits. Both now insert
-- the value here, in their own unit: the second waits on the first's uncommitted row and fails when it commits.
-- A license key that takes a pooled key's value (issued, filled or rotated from the pool) is the same value, not a
-- second one: the pooled key is assigned to that grant first, in the same unit, and the value stays the pool's.

CREATE TABLE key_values (
    value TEXT NOT NULL,
    CONSTRAINT key_values_one_holder PRIMARY KEY (value)
);

-- a value that a race already let in twice is held once from now on
INSERT INTO key_values (value) SELECT value FROM license_keys UNION SELECT value FROM pooled_keys;

CREATE FUNCTION key_values_hold_pooled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO key_values (value) VALUES (NEW.value);
    RETURN NULL;
END
$$;

CREATE TRIGGER pooled_keys_hold_value AFTER INSERT ON pooled_keys
    FOR EACH ROW EXECUTE FUNCTION key_values_hold_pooled();

CREATE FUNCTION key_values_hold_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.value = NEW.value THEN
            RETURN NULL;
        END IF;
        -- a rotated-away value is free again, unless a pooled key still holds it
        DELETE FROM key_values WHERE value = OLD.value AND NOT EXISTS (SELECT 1 FROM pooled_keys WHERE value = OLD.value);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pooled_keys WHERE value = NEW.value AND grant_id = NEW.grant_id) THEN
        INSERT INTO key_values (value) VALUES (NEW.value);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER license_keys_hold_value AFTER INSERT OR UPDATE OF value ON license_keys
    FOR EACH ROW EXECUTE FUNCTION key_values_hold_issued();

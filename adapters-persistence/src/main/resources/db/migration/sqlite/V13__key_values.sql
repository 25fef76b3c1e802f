-- One holder for every key value in use, across license keys and key pools (see the PostgreSQL migration for the
-- race it closes there). SQLite has one writer at a time, so the race cannot happen here; the table and its
-- triggers keep the two databases' rules the same, and a value a bug let in twice is refused by the database.
-- A license key that takes a pooled key's value (issued, filled or rotated from the pool) is the same value: the
-- pooled key is assigned to that grant first, in the same unit, and the value stays the pool's.

CREATE TABLE key_values (
    value TEXT NOT NULL PRIMARY KEY
);

INSERT INTO key_values (value) SELECT value FROM license_keys UNION SELECT value FROM pooled_keys;

CREATE TRIGGER pooled_keys_hold_value AFTER INSERT ON pooled_keys
BEGIN
    INSERT INTO key_values (value) VALUES (NEW.value);
END;

CREATE TRIGGER license_keys_hold_value AFTER INSERT ON license_keys
WHEN NOT EXISTS (SELECT 1 FROM pooled_keys WHERE value = NEW.value AND grant_id = NEW.grant_id)
BEGIN
    INSERT INTO key_values (value) VALUES (NEW.value);
END;

CREATE TRIGGER license_keys_move_value AFTER UPDATE OF value ON license_keys
WHEN OLD.value <> NEW.value
BEGIN
    DELETE FROM key_values WHERE value = OLD.value AND NOT EXISTS (SELECT 1 FROM pooled_keys WHERE value = OLD.value);
    INSERT INTO key_values (value) SELECT NEW.value
        WHERE NOT EXISTS (SELECT 1 FROM pooled_keys WHERE value = NEW.value AND grant_id = NEW.grant_id);
END;

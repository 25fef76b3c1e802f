-- The console's grant search by a longer ending or a whole key (session 35; the same index as SQLite's V34): walking
-- grants_by_key_tail_newest compares the ending on every grant whose key shares its last four characters, 100,000 rows
-- for one key when half a merchant's keys end "2026". Here each grant with a key has its key's last 32 characters
-- reversed, in character order, so the keys that end in an ending are one range of entries (those that begin with the
-- ending reversed; an ending longer than 32 narrows to those sharing its last 32). The search counts the range up to a
-- cap first; below it, it reads those grants here and sorts them, otherwise it walks the tail as before.
--
-- The "C" collation orders by character, the order in which a prefix's entries are one range whatever the database's
-- own collation. A grant takes its entry when it is delivered with a key and moves it at each rotation, as it does in
-- grants_by_key_tail_newest.
CREATE INDEX grants_by_key_ending ON grants (business_id, (reverse(right(license_key, 32)) COLLATE "C"))
    WHERE license_key IS NOT NULL;

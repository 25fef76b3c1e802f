-- The console's grant search by a key's ending walks the grants whose key ends in the same four characters newest
-- first and stops at its page (session 34): through license_keys_by_tail it read every key of the tail and their
-- grants and sorted them, half a second for an ending half the keys share. A key's grant is created before the key
-- and keeps it through rotations, so only the grants can give the search's order.
--
-- The grant's own copy of its key's value is indexed: a rotation changes the key and its grant in one unit (rotation
-- requires a Delivered grant and rewrites it, as it has since rotation came with V8), so the copy is the key's current
-- value in every row. A grant takes its entry when it is delivered with a key and moves it at each rotation; the key
-- index it replaces took one when a key was issued or imported and moved it at each rotation, and served nothing else.
CREATE INDEX grants_by_key_tail_newest ON grants (business_id, substr(license_key, -4), created_at DESC, id DESC)
    WHERE license_key IS NOT NULL;
DROP INDEX license_keys_by_tail;

-- The console's grant search by a longer ending or a whole key (session 35; the same index as PostgreSQL's V37):
-- walking grants_by_key_tail_newest compares the ending on every grant whose key shares its last four characters,
-- 100,000 rows for one key when half a merchant's keys end "2026". Here each grant with a key has its key's last 32
-- characters reversed (SQLite has no reverse(): the characters one by one from the last, a position before the first
-- giving nothing), in character order, so the keys that end in an ending are one range of entries (those that begin
-- with the ending reversed; an ending longer than 32 narrows to those sharing its last 32). The search counts the
-- range up to a cap first; below it, it reads those grants here and sorts them, otherwise it walks the tail as before.
--
-- A grant takes its entry when it is delivered with a key and moves it at each rotation, as it does in
-- grants_by_key_tail_newest. The search spells the expression exactly so (JdbcGrants.reversedEnding).
CREATE INDEX grants_by_key_ending ON grants (business_id,
    substr(license_key, -1, 1) || substr(license_key, -2, 1) || substr(license_key, -3, 1) || substr(license_key, -4, 1) ||
    substr(license_key, -5, 1) || substr(license_key, -6, 1) || substr(license_key, -7, 1) || substr(license_key, -8, 1) ||
    substr(license_key, -9, 1) || substr(license_key, -10, 1) || substr(license_key, -11, 1) || substr(license_key, -12, 1) ||
    substr(license_key, -13, 1) || substr(license_key, -14, 1) || substr(license_key, -15, 1) || substr(license_key, -16, 1) ||
    substr(license_key, -17, 1) || substr(license_key, -18, 1) || substr(license_key, -19, 1) || substr(license_key, -20, 1) ||
    substr(license_key, -21, 1) || substr(license_key, -22, 1) || substr(license_key, -23, 1) || substr(license_key, -24, 1) ||
    substr(license_key, -25, 1) || substr(license_key, -26, 1) || substr(license_key, -27, 1) || substr(license_key, -28, 1) ||
    substr(license_key, -29, 1) || substr(license_key, -30, 1) || substr(license_key, -31, 1) || substr(license_key, -32, 1))
    WHERE license_key IS NOT NULL;

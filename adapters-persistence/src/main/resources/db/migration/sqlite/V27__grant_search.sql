-- The console's grant search finds a grant by its payment or subscription id, or by the ending of its key, among all
-- of a business's grants, not only its newest: each through an index.
--
-- A grant has at most one origin (grants_one_origin), so one index on whichever it has serves both ids; the issuing
-- uniqueness indexes start with the entitlement and cannot serve a business-wide search. Direct grants have none and
-- take no entry.
CREATE INDEX grants_by_origin_newest ON grants (business_id, COALESCE(payment_id, subscription_id), created_at DESC, id DESC)
    WHERE COALESCE(payment_id, subscription_id) IS NOT NULL;

-- A key's last four characters (substr() counts characters of text, as LicenseKeyValue.suffix counts code points): an
-- index on the value itself cannot find an ending. An expression, not a stored column, so a rotated key's entry follows
-- its new value with nothing to write or backfill, and the whole value is indexed once (license_keys_value_unique).
CREATE INDEX license_keys_by_tail ON license_keys (business_id, substr(value, -4));

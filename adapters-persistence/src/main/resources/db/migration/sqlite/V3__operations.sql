-- What an operator needs to see of an API key without its token: the first characters of the token, to tell
-- keys apart (null for keys created before this version), and roughly when it was last used (written at most
-- once a minute per key, never on every request).
ALTER TABLE api_keys ADD COLUMN token_prefix TEXT;
ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;

-- Customers newest first, per business: the order of GET /customers.
CREATE INDEX customers_newest ON customers (business_id, created_at DESC, id DESC);


-- A merchant names each API key after what holds it ("billing", "store") so that a customer's history can say which
-- one made a change. Keys made before have no name (null). The name is the merchant's text, never any part of the token.
ALTER TABLE api_keys ADD COLUMN name TEXT;

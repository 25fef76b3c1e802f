-- A merchant creates and changes customers through the API (POST and PATCH /customers) with a phone number and
-- metadata of its own. Customers made before keep no phone number (null) and empty metadata ({}, the JSON the
-- engine writes for it).
ALTER TABLE customers ADD COLUMN phone_number TEXT;
ALTER TABLE customers ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';

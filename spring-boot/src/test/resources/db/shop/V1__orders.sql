-- the sample shop's own table, migrated by the shop's own Flyway (history in flyway_schema_history)
CREATE TABLE shop_orders (
    id          VARCHAR(64) PRIMARY KEY,
    email       VARCHAR(320) NOT NULL,
    grant_id    VARCHAR(64)
);

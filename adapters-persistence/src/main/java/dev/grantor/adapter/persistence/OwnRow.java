package dev.grantor.adapter.persistence;

/**
 * The condition that finds a business's row by its id: {@code id} through the primary key, the row's business checked
 * on the row found. The business column is compared as an expression, which no index serves, so PostgreSQL cannot
 * bound one of the business-first listing indexes (which end in {@code id}) with both values instead. It did so on a
 * young table without statistics, and a connection kept that generic plan while the table grew: a fulfillment's read
 * of its grant then walked the business's whole part of such an index (0.7 ms instead of 0.03 with 20,000 grants;
 * half the fulfillments a second at 16 clients) until autovacuum's next analysis replaced the plan. SQLite takes the
 * primary key either way.
 */
final class OwnRow {

    /** For a statement over one table, with {@code :id} and {@code :business_id} bound. */
    static final String BY_ID = byId("");

    private OwnRow() {}

    /** {@link #BY_ID} for a table named {@code alias} ({@code "g."}) in a join. */
    static String byId(String alias) {
        return joinedBy(alias, ":id", ":business_id");
    }

    /**
     * The join condition to a business's row named by another table's columns ({@code "g.", "k.grant_id",
     * "k.business_id"}): a license key's validation joins its grant so, and took the same listing index on a young table.
     */
    static String joinedBy(String alias, String id, String business) {
        return alias + "id = " + id + " AND " + alias + "business_id || '' = " + business;
    }
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Portal links and codes. Taking a link and using a code are single conditional statements, so the database
 * lets exactly one of two racing requests through on both dialects.
 */
final class JdbcPortalSignIns implements PortalSignIns {

    private static final String LINK_COLUMNS = "token_hash, business_id, customer_id, return_url, created_at, expires_at";
    private static final String CODE_COLUMNS = "business_id, email_key, code_hash, created_at, expires_at, wrong_tries";

    /** Links and codes by their expiry (V10): the purges walk them from the oldest. */
    static final String LINK_EXPIRY_INDEX = "portal_sign_in_links_expiry";
    static final String CODE_EXPIRY_INDEX = "portal_sign_in_codes_expiry";

    private final JdbcTransactions transactions;
    private final String linksPurge;
    private final String codesPurge;

    JdbcPortalSignIns(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.linksPurge = linksPurge(dialect);
        this.codesPurge = codesPurge(dialect);
    }

    static String linksPurge(Dialect dialect) {
        return dialect.purgeOlder("portal_sign_in_links", LINK_EXPIRY_INDEX, "expires_at", "");
    }

    static String codesPurge(Dialect dialect) {
        return dialect.purgeOlder("portal_sign_in_codes", CODE_EXPIRY_INDEX, "expires_at", "");
    }

    @Override
    public void insertLink(SignInLink link) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO portal_sign_in_links (" + LINK_COLUMNS + ")"
                        + " VALUES (:token_hash, :business_id, :customer_id, :return_url, :created_at, :expires_at)")
                .bind("token_hash", link.tokenHash())
                .bind("business_id", link.businessId().value())
                .bind("customer_id", link.customerId().value())
                .bind("return_url", link.returnUrl().getOrNull())
                .bind("created_at", Columns.nanos(link.createdAt()))
                .bind("expires_at", Columns.nanos(link.expiresAt()))
                .execute());
    }

    @Override
    public Option<SignInLink> takeLink(String tokenHash, Instant now) {
        return transactions.writing(handle -> handle.createQuery("UPDATE portal_sign_in_links SET used_at = :now"
                        + " WHERE token_hash = :token_hash AND used_at IS NULL AND expires_at > :now RETURNING " + LINK_COLUMNS)
                .bind("now", Columns.nanos(now))
                .bind("token_hash", tokenHash)
                .map((rs, ctx) -> link(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public void putCode(SignInCode code) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO portal_sign_in_codes (" + CODE_COLUMNS + ")"
                        + " VALUES (:business_id, :email_key, :code_hash, :created_at, :expires_at, :wrong_tries)"
                        + " ON CONFLICT (business_id, email_key) DO UPDATE SET code_hash = excluded.code_hash,"
                        + " created_at = excluded.created_at, expires_at = excluded.expires_at, wrong_tries = excluded.wrong_tries")
                .bind("business_id", code.businessId().value())
                .bind("email_key", code.emailKey())
                .bind("code_hash", code.codeHash())
                .bind("created_at", Columns.nanos(code.createdAt()))
                .bind("expires_at", Columns.nanos(code.expiresAt()))
                .bind("wrong_tries", code.wrongTries())
                .execute());
    }

    @Override
    public Option<SignInCode> findCode(BusinessId business, String emailKey) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + CODE_COLUMNS + " FROM portal_sign_in_codes"
                        + " WHERE business_id = :business_id AND email_key = :email_key")
                .bind("business_id", business.value())
                .bind("email_key", emailKey)
                .map((rs, ctx) -> code(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public boolean useCode(BusinessId business, String emailKey, String codeHash) {
        return transactions.writing(handle -> handle.createUpdate("DELETE FROM portal_sign_in_codes"
                        + " WHERE business_id = :business_id AND email_key = :email_key AND code_hash = :code_hash")
                .bind("business_id", business.value())
                .bind("email_key", emailKey)
                .bind("code_hash", codeHash)
                .execute() == 1);
    }

    @Override
    public int countWrongTry(BusinessId business, String emailKey, String codeHash, int burnAt) {
        return transactions.writing(handle -> {
            int tries = handle.createQuery("UPDATE portal_sign_in_codes SET wrong_tries = wrong_tries + 1"
                            + " WHERE business_id = :business_id AND email_key = :email_key AND code_hash = :code_hash"
                            + " RETURNING wrong_tries")
                    .bind("business_id", business.value())
                    .bind("email_key", emailKey)
                    .bind("code_hash", codeHash)
                    .mapTo(Integer.class)
                    .findOne()
                    .orElse(0);
            if (tries >= burnAt) {
                useCode(business, emailKey, codeHash);
            }
            return tries;
        });
    }

    @Override
    public int forgetLinksOf(BusinessId business, CustomerId customer) {
        return transactions.writing(handle -> handle.createUpdate("DELETE FROM portal_sign_in_links"
                        + " WHERE business_id = :business_id AND customer_id = :customer_id")
                .bind("business_id", business.value())
                .bind("customer_id", customer.value())
                .execute());
    }

    @Override
    public int forgetLinksExpiredBefore(Instant cutoff, int limit) {
        return OldRows.purge(transactions, linksPurge, cutoff, limit);
    }

    @Override
    public int forgetCodesExpiredBefore(Instant cutoff, int limit) {
        return OldRows.purge(transactions, codesPurge, cutoff, limit);
    }

    private static SignInLink link(ResultSet rs) throws SQLException {
        return new SignInLink(rs.getString("token_hash"), new BusinessId(rs.getString("business_id")),
                new CustomerId(rs.getString("customer_id")), Columns.optionalText(rs, "return_url"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "expires_at"));
    }

    private static SignInCode code(ResultSet rs) throws SQLException {
        return new SignInCode(new BusinessId(rs.getString("business_id")), rs.getString("email_key"), rs.getString("code_hash"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "expires_at"), rs.getInt("wrong_tries"));
    }
}

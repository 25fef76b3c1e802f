package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.DuplicateRecord.Rule;
import io.vavr.control.Option;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.sqlite.SQLiteException;

/** Reads what a database error means for the ports: a broken uniqueness rule, or a race worth retrying. */
final class SqlFailures {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    private SqlFailures() {}

    /** The exception a port throws instead of {@code failure}, or the failure itself when it means nothing more. */
    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof DuplicateRecord || failure instanceof SerializationConflict) {
            return failure;
        }
        var sql = sqlCause(failure);
        if (sql.isEmpty()) {
            return failure;
        }
        if (isRetryable(sql.get())) {
            return new SerializationConflict(sql.get());
        }
        return uniqueRule(sql.get())
                .<RuntimeException>map(rule -> new DuplicateRecord(rule, rule + ": " + sql.get().getMessage(), failure))
                .getOrElse(failure);
    }

    static Option<SQLException> sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Option.some(sql);
            }
        }
        return Option.none();
    }

    /** Serialization failures and deadlocks on PostgreSQL; a busy or locked database on SQLite. */
    static boolean isRetryable(SQLException sql) {
        if (sql instanceof SQLiteException lite) {
            int primary = lite.getResultCode().code & 0xff;
            return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
        }
        return "40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState());
    }

    static Option<Rule> uniqueRule(SQLException sql) {
        if (sql instanceof SQLiteException lite) {
            int code = lite.getResultCode().code;
            if (code != SQLITE_CONSTRAINT_UNIQUE && code != SQLITE_CONSTRAINT_PRIMARYKEY) {
                return Option.none();
            }
            // SQLite names the columns, not the constraint: "UNIQUE constraint failed: license_keys.value"
            String message = String.valueOf(lite.getMessage());
            // key_values holds every value in use: a clash there is a license key value's clash (V13)
            if (message.contains("license_keys.value") || message.contains("key_values.value")) {
                return Option.some(Rule.LICENSE_KEY_VALUE);
            }
            if (message.contains("grants.payment_id") || message.contains("grants.subscription_id")) {
                return Option.some(Rule.GRANT_ORIGIN);
            }
            if (message.contains("customers.email_key")) {
                return Option.some(Rule.CUSTOMER_EMAIL);
            }
            if (message.contains("operators.email")) {
                return Option.some(Rule.OPERATOR_EMAIL);
            }
            if (message.contains("pooled_keys.value")) {
                return Option.some(Rule.POOLED_KEY_VALUE);
            }
            if (message.contains("key_pools.entitlement_id")) {
                return Option.some(Rule.KEY_POOL);
            }
            if (message.contains("api_keys.name_key")) {
                return Option.some(Rule.API_KEY_NAME);
            }
            if (message.contains("signing_keys.generation")) {
                return Option.some(Rule.SIGNING_KEY_GENERATION);
            }
            return Option.some(Rule.OTHER);
        }
        if (!"23505".equals(sql.getSQLState())) {
            return Option.none();
        }
        // a batch reports its failing statement as the next exception, which names the constraint
        var server = sql;
        while (!(server instanceof PSQLException) && server.getNextException() != null) {
            server = server.getNextException();
        }
        String constraint = server instanceof PSQLException pg && pg.getServerErrorMessage() != null
                ? String.valueOf(pg.getServerErrorMessage().getConstraint()) : "";
        return Option.some(switch (constraint) {
            case "license_keys_value_unique", "key_values_one_holder" -> Rule.LICENSE_KEY_VALUE;
            case "grants_once_per_payment", "grants_once_per_subscription" -> Rule.GRANT_ORIGIN;
            case "customers_email_unique" -> Rule.CUSTOMER_EMAIL;
            case "operators_email_unique" -> Rule.OPERATOR_EMAIL;
            case "signing_keys_generation_unique" -> Rule.SIGNING_KEY_GENERATION;
            case "pooled_keys_value_unique" -> Rule.POOLED_KEY_VALUE;
            case "key_pools_one_per_entitlement" -> Rule.KEY_POOL;
            case "api_keys_live_name_unique" -> Rule.API_KEY_NAME;
            default -> Rule.OTHER;
        });
    }
}

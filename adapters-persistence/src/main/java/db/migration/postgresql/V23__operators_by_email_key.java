package db.migration.postgresql;

import db.migration.OperatorEmailKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Operators found by their address whatever its case: see {@link OperatorEmailKeys}. */
public class V23__operators_by_email_key extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws java.sql.SQLException {
        OperatorEmailKeys.addAndFill(context.getConnection());
    }
}

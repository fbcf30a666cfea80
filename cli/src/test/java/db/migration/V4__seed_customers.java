package db.migration;

import dev.lockstep.cli.fixture.SeedRows;
import java.sql.PreparedStatement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A Java migration as an application ships it, packed into the test jars' classes (it is not on the CLI's class
 * path): it inserts the names of {@link SeedRows}, a class of the application's libraries.
 */
public class V4__seed_customers extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (PreparedStatement insert = context.getConnection()
                .prepareStatement("INSERT INTO customers (id, name) VALUES (?, ?)")) {
            for (int i = 0; i < SeedRows.NAMES.length; i++) {
                insert.setLong(1, 1000 + i);
                insert.setString(2, SeedRows.NAMES[i]);
                insert.executeUpdate();
            }
        }
    }
}

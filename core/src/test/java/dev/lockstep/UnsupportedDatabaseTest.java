package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.MODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's application on H2 (the common test and local setup) behind HikariCP, as Spring Boot builds it: Lockstep
 * says at its first connection that this is H2 and not PostgreSQL, with its own error code, instead of failing on
 * the first PostgreSQL-only statement as if the connection had failed; and it leaves the H2 database untouched.
 */
class UnsupportedDatabaseTest {
    @TempDir
    Path dir;
    private HikariDataSource h2;

    @BeforeEach
    void h2Pool() {
        h2 = new HikariDataSource();
        h2.setJdbcUrl("jdbc:h2:mem:shop_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        h2.setUsername("sa");
        h2.setPassword("");
    }

    @AfterEach
    void close() {
        h2.close();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"MIGRATE", "VALIDATE", "WAIT"})
    void anH2DataSourceIsRefusedAtTheFirstConnectionNamingH2AndWhatIsSupported(Mode mode) throws SQLException {
        CountingDataSource counting = new CountingDataSource(h2);
        Lockstep lockstep = Lockstep.configure(counting).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(MODE, mode).set(CONNECT_TIMEOUT, Duration.ofMinutes(2)).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_DATABASE))
                .hasMessageStartingWith("The database behind the DataSource " + CountingDataSource.class.getName()
                        + " is H2 2.")
                .hasMessageContaining(", not PostgreSQL: Lockstep runs on PostgreSQL 12 and later only")
                .hasMessageContaining("Point Lockstep at a PostgreSQL datasource, or turn it off for this one"
                        + " (enabled=false) and migrate it with Flyway alone.")
                .message().doesNotContain("connect");
        assertThat(counting.connectionsRequested()).as("one connection, asked what it is, and no retries")
                .isEqualTo(1);
        assertThat(tables()).as("nothing was created in the H2 database").isZero();
    }

    private long tables() throws SQLException {
        try (Connection connection = h2.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'PUBLIC'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

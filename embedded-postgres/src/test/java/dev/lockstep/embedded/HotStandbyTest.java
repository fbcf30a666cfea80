package dev.lockstep.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class HotStandbyTest {

    @Test
    void itIsInRecoveryReadsAndRefusesWritesAndLeavesNothingWhenClosed() throws SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        Path directory;
        try (HotStandby standby = HotStandby.start(); Connection connection = standby.connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery(), current_setting('data_directory')")) {
                row.next();
                assertThat(row.getBoolean(1)).isTrue();
                directory = Path.of(row.getString(2)).getParent();
            }
            assertThat(server.passwordsHandedOut()).contains(standby.password());
            assertThat(standby.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/postgres");
            assertThat(standby.toString()).startsWith("hot standby local 127.0.0.1:")
                    .doesNotContain(standby.password());
            assertThatThrownBy(() -> statement.execute("CREATE TABLE t (id int)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot execute CREATE TABLE in a read-only transaction");
        }
        assertThat(directory).doesNotExist();
    }
}

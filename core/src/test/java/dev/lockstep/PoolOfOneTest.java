package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DataSource that hides its credentials lends Lockstep its lock connection; with a pool of one, Flyway would wait
 * for a second connection until the pool gives up. The run says so before it migrates or snapshots anything.
 */
@PostgresTest
class PoolOfOneTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    PoolOfOneTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aHikariPoolOfOneIsRefusedFromItsMaximumPoolSize() {
        try (HikariDataSource pool = hikari(1)) {
            assertThatThrownBy(lockstep(pool)::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    })
                    .hasMessageContaining("its pool allows maximumPoolSize=1 connection")
                    .hasMessageContaining("maximumPoolSize=2 or more")
                    .hasMessageContaining("Lockstep.Builder.connectionDetails(jdbcUrl, user, password)")
                    .hasMessageContaining("Nothing was snapshotted or migrated.");
            assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
        }
        try (HikariDataSource pool = hikari(2)) {
            assertThat(lockstep(pool).migrate().applied()).hasSize(3);
        }
    }

    @Test
    void aPoolOfOneThatDoesNotShowItsSizeIsFoundByABoundedBorrow() {
        DataSource pool = poolOfOne(new CountingDataSource(db.dataSource()));

        assertThatThrownBy(lockstep(pool)::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                })
                .hasMessageContaining("it lent no second connection within 5 s")
                .hasMessageContaining("connectionDetails(jdbcUrl, user, password)");
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();

        // Given the details, Lockstep opens the lock connection itself and the one pooled connection is enough.
        MigrationReport report = Lockstep.configure(pool).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(LockstepSettings.SNAPSHOT_ENABLED, false)
                .connectionDetails(db.jdbcUrl(), db.user(), db.password()).build().migrate();
        assertThat(report.applied()).hasSize(3);
    }

    private Lockstep lockstep(DataSource dataSource) {
        return Lockstep.configure(dataSource).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(LockstepSettings.SNAPSHOT_ENABLED, false).build();
    }

    /** HikariCP around a DataSource that hides its URL and credentials. */
    private HikariDataSource hikari(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new CountingDataSource(db.dataSource()));
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    /** A pool of one connection at a time that waits as long as it takes, and shows nothing about itself. */
    private static DataSource poolOfOne(DataSource delegate) {
        Semaphore permits = new Semaphore(1);
        return (DataSource) Proxy.newProxyInstance(PoolOfOneTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return invoke(method, delegate, args);
                    }
                    permits.acquireUninterruptibly();
                    Connection real;
                    try {
                        real = delegate.getConnection();
                    } catch (SQLException e) {
                        permits.release();
                        throw e;
                    }
                    boolean[] closed = new boolean[1];
                    return Proxy.newProxyInstance(PoolOfOneTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (c, m, a) -> {
                                if (m.getName().equals("close") && !closed[0]) {
                                    closed[0] = true;
                                    permits.release();
                                }
                                return invoke(m, real, a);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

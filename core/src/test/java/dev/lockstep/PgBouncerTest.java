package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.lock.AdvisoryLock;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PgBouncer;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Through PgBouncer in transaction mode, a session advisory lock lands on whichever server connection ran that
 * statement. With round-robin server connections the lock and the check run on different backends: Lockstep must
 * notice and refuse, instead of believing it holds a lock that protects nothing. The check itself (does this
 * connection's own backend hold the key?) is also tested without PgBouncer, against another session holding the key.
 */
@PostgresTest
class PgBouncerTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    PgBouncerTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void aTransactionPoolingPoolerIsRefusedWithAMessageThatSaysSo() throws SQLException {
        // Skipped without pgbouncer, except where LOCKSTEP_REQUIRE_PGBOUNCER=true (.ci/run) makes that a failure.
        PgBouncer.assumeInstalled();
        try (PgBouncer bouncer = PgBouncer.startTransactionPooling(db)) {
            PGSimpleDataSource throughBouncer = new PGSimpleDataSource();
            throughBouncer.setUrl(bouncer.jdbcUrl());
            throughBouncer.setUser(db.user());
            throughBouncer.setPassword(db.password());
            warmTwoServerConnections(throughBouncer);
            Lockstep lockstep = Lockstep.configure(throughBouncer)
                    .flyway(f -> f.locations(Migrations.standard(dir).location())).build();

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.LOCK_NOT_HELD);
                    })
                    .hasMessageContaining("not to this connection's backend")
                    .hasMessageContaining("a pooler in transaction mode (such as PgBouncer with pool_mode=transaction)")
                    .hasMessageContaining("Point the datasource Lockstep uses at PostgreSQL directly");
        }
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
    }

    /** The own-pid check as a pooler would trip it: the key is held, but by another backend than the lock's own. */
    @Test
    void theLockHeldByAnotherBackendIsRefusedNamingBothBackends() throws SQLException {
        long key = 7_340_101L;
        try (Connection other = db.connect(); Connection ours = db.connect()) {
            other.createStatement().execute("SELECT pg_advisory_lock(" + key + ")");
            AdvisoryLock lock = new AdvisoryLock(ours, key, "[" + db.name() + "/public] ");

            assertThatThrownBy(lock::verifyHeld)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.LOCK_NOT_HELD);
                    })
                    .hasMessage("[" + db.name() + "/public] PostgreSQL granted the Lockstep lock (key " + key
                            + ") to backend " + LockWaitTest.pid(other) + ", not to this connection's backend "
                            + LockWaitTest.pid(ours) + ". The connection goes through a pooler in transaction mode"
                            + " (such as PgBouncer with pool_mode=transaction), where session locks do not hold."
                            + " Point the datasource Lockstep uses at PostgreSQL directly, or at a pool in session"
                            + " mode.");
        }
    }

    /**
     * Two transactions open at once make PgBouncer open two server connections; with server_round_robin it then
     * hands them out in turn, so the lock and the check right after it land on different backends, as they
     * would under real traffic.
     */
    private static void warmTwoServerConnections(PGSimpleDataSource throughBouncer) throws SQLException {
        try (Connection first = throughBouncer.getConnection(); Connection second = throughBouncer.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            first.createStatement().execute("SELECT 1");
            second.createStatement().execute("SELECT 1");
            assertThat(LockWaitTest.pid(first)).isNotEqualTo(LockWaitTest.pid(second));
            first.commit();
            second.commit();
        }
    }
}

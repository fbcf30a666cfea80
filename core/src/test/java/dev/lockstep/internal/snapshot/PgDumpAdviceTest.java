package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The advice added to pg_dump's error is chosen by the error itself: names of tables, schemas and files, which may
 * hold any word, never choose it. (The errors come from a real pg_dump in PgDumpFailureAdviceTest; here the wordings
 * a user's server may print are checked one by one.)
 */
class PgDumpAdviceTest {
    private static final String GENERIC = "Fix the cause above, or set snapshot.required=false";

    @Test
    void aLockWaitTimeoutIsRecognisedInEachOfItsForms() {
        for (String error : List.of(
                "pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout\n"
                        + "pg_dump: detail: Query was: LOCK TABLE public.orders IN ACCESS SHARE MODE",
                "pg_dump: error: query failed: ERROR:  57014: canceling statement due to statement timeout\n"
                        + "pg_dump: detail: Query was: LOCK TABLE public.\"lock\" IN ACCESS SHARE MODE",
                "pg_dump: error: query failed: ERROR:  canceling statement due to lock timeout\n"
                        + "pg_dump: detail: Query was: LOCK TABLE public.orders IN ACCESS SHARE MODE",
                "pg_dump: error: query failed: ERROR:  55P03: canceling statement due to lock timeout",
                "pg_dump: error: query failed: ERROR:  could not obtain lock on relation \"orders\"",
                "pg_dump: error: query failed: FEHLER:  Anweisung abgebrochen (SQLSTATE 55P03)")) {
            assertThat(PgDump.fixFor(error)).as(error).contains("holds locked exclusively");
        }
    }

    @Test
    void theWordLockInANameOrAPathIsNoLockProblem() {
        for (String error : List.of(
                "pg_dump: error: query failed: ERROR:  query would be affected by row-level security policy for"
                        + " table \"locks\"",
                "pg_dump: error: Dumping the contents of table \"deadlocks\" failed: PQgetResult() failed.\n"
                        + "pg_dump: detail: Error message from server: server closed the connection unexpectedly",
                "pg_dump: error: could not open output file \"/var/lib/lockstep/lockstep-shop-20261122t101500z-v1-to-v2"
                        + ".partial\": No such file or directory",
                "pg_dump: error: schema \"lock_timeout\" not found",
                "pg_dump: error: query failed: ERROR:  relation \"lock_wait_timeout_55P03x\" does not exist",
                "pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout\n"
                        + "pg_dump: detail: Query was: SELECT * FROM \"LOCK TABLE x\"")) {
            assertThat(PgDump.fixFor(error)).as(error).startsWith(GENERIC);
        }
    }

    @Test
    void permissionsOfTheDatabaseAndOfTheDirectoryAreToldApart() {
        assertThat(PgDump.fixFor("pg_dump: error: query failed: ERROR:  permission denied for table secrets"))
                .startsWith("The database user cannot read every object");
        assertThat(PgDump.fixFor("pg_dump: error: could not open output file \"/srv/x.partial\": Permission denied"))
                .startsWith("pg_dump cannot write into snapshot.directory");
        assertThat(PgDump.fixFor("pg_dump: error: query failed: ERROR:  relation \"permission denied for\" is odd"))
                .startsWith(GENERIC);
        assertThat(PgDump.fixFor("pg_dump: error: could not write to output file: No space left on device"))
                .startsWith("The disk under snapshot.directory is full");
    }
}

package dev.lockstep.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped migrations taken from what Flyway reports about a real database: those above Flyway's {@code target}
 * and those only in the history (applied, no longer shipped) are not shipped; a changed repeatable is, with the
 * checksum of its file.
 */
@PostgresTest
class ResolvedSetTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    ResolvedSetTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void leavesOutWhatIsAboveTheTargetAndWhatIsNoLongerShipped() throws Exception {
        write("V1__one.sql", "CREATE TABLE one (id int);");
        write("V2__two.sql", "CREATE TABLE two (id int);");
        write("V3__three.sql", "CREATE TABLE three (id int);");
        flyway("shipped_set", "latest").migrate();
        Files.delete(dir.resolve("V2__two.sql"));
        write("V4__four.sql", "CREATE TABLE four (id int);");
        write("V5__five.sql", "CREATE TABLE five (id int);");

        ResolvedSet resolved = ResolvedSet.of(flyway("shipped_set", "4").info().all());

        assertThat(resolved.versioned().keySet()).containsExactly(version("1"), version("3"), version("4"));
        assertThat(resolved.target()).isEqualTo(version("4"));
        assertThat(resolved.repeatable()).isEmpty();
        ResolvedMigration four = resolved.versioned().get(version("4"));
        assertThat(four.script()).isEqualTo("V4__four.sql");
        assertThat(four.type()).isEqualTo("SQL");
        assertThat(four.checksum()).isNotNull();
    }

    @Test
    void aChangedRepeatableIsShippedWithTheChecksumOfItsFile() throws Exception {
        write("V1__one.sql", "CREATE TABLE one (id int);");
        write("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
        flyway("repeatables", "latest").migrate();
        write("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 2 AS x;");
        flyway("repeatables", "latest").migrate();
        write("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 3 AS x;");
        Flyway changed = flyway("repeatables", "latest");
        Integer fileChecksum = changed.info().pending()[0].getChecksum();

        ResolvedSet resolved = ResolvedSet.of(changed.info().all());

        assertThat(resolved.repeatable()).containsOnlyKeys("view");
        assertThat(resolved.repeatable().get("view").checksum()).isEqualTo(fileChecksum);
        assertThat(resolved.repeatable().get("view").label()).isEqualTo("R view");
        assertThat(resolved.versioned()).containsOnlyKeys(version("1"));
    }

    private Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(db.dataSource()).schemas(schema).locations("filesystem:" + dir)
                .target(target).load();
    }

    private void write(String name, String sql) throws Exception {
        Files.writeString(dir.resolve(name), sql);
    }

    private static MigrationVersion version(String version) {
        return MigrationVersion.fromVersion(version);
    }
}

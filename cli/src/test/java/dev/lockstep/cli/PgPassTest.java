package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libpq's password file rules: fields, wildcards, escapes, first match, comments, private files only. */
class PgPassTest {
    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void theFirstLineWhoseFieldsMatchOrAreWildcardsWins() throws Exception {
        Path file = pgpass("""
                # comment: db.internal:5432:shop:shop:commented
                db.internal:5433:shop:shop:other-port
                db.internal:5432:*:reporting:other-user
                db.internal:5432:shop:shop:first
                *:*:*:*:catch-all
                """);

        assertThat(lookup(file, "db.internal", "5432", "shop", "shop")).contains("first");
        assertThat(lookup(file, "db.internal", "5433", "shop", "shop")).contains("other-port");
        assertThat(lookup(file, "db.internal", "5432", "anything", "reporting")).contains("other-user");
        assertThat(lookup(file, "elsewhere", "5432", "shop", "shop")).contains("catch-all");
        assertThat(warnings).isEmpty();
    }

    @Test
    void backslashEscapesAColonOrABackslashAndThePasswordIsTheRestOfTheLine() throws Exception {
        Path file = pgpass("db\\:1:5432:shop:shop:pa\\:ss\\\\word:with:colons\n");

        assertThat(lookup(file, "db:1", "5432", "shop", "shop")).contains("pa:ss\\word:with:colons");
        assertThat(lookup(file, "db", "5432", "shop", "shop")).isEmpty();
    }

    @Test
    void aLineWithTooFewFieldsNeverMatches() throws Exception {
        assertThat(lookup(pgpass("*:*:*:secret\n"), "db", "5432", "shop", "shop")).isEmpty();
    }

    @Test
    void aFileOthersMayReadIsIgnoredWithAWarningAsLibpqDoes() throws Exception {
        Path file = pgpass("*:*:*:*:secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(lookup(file, "db", "5432", "shop", "shop")).isEmpty();
        assertThat(warnings).containsExactly("password file " + file + " has group or world access and is ignored;"
                + " permissions should be u=rw (0600) or less: chmod 0600 " + file);
    }

    @Test
    void aMissingFileIsNoPasswordAndNoWarning() {
        assertThat(lookup(dir.resolve("absent"), "db", "5432", "shop", "shop")).isEmpty();
        assertThat(warnings).isEmpty();
    }

    private Optional<String> lookup(Path file, String host, String port, String database, String user) {
        return PgPass.lookup(file, host, port, database, user, warnings::add);
    }

    private Path pgpass(String content) throws Exception {
        Path file = Files.writeString(dir.resolve(".pgpass"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}

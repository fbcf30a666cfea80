package dev.lockstep;

import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a restore must bring back, in a form tests compare with {@code isEqualTo}: the schema as
 * {@code pg_dump --schema-only} prints it, and a checksum of each table's rows.
 */
record DatabaseState(String schema, Map<String, String> rows) {

    static DatabaseState of(TestDatabase db, List<String> tables) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : tables) {
            rows.put(table, db.queryString("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY"
                    + " t::text)), '') FROM " + table + " t"));
        }
        return new DatabaseState(schemaOf(db), rows);
    }

    /** pg_dump's view of the schema, without the random {@code \restrict} keys newer pg_dump releases print. */
    private static String schemaOf(TestDatabase db) {
        try {
            Path passfile = Files.createTempFile("schema-dump", ".pgpass",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(passfile, "*:*:*:*:" + db.password().replace("\\", "\\\\").replace(":", "\\:") + "\n");
                ProcessBuilder builder = new ProcessBuilder(StandInPgDump.real("pg_dump").toString(), "--schema-only",
                        "--no-password", "--dbname=" + db.jdbcUrl().replace("jdbc:", "").replaceAll("\\?.*$", ""),
                        "--username=" + db.user());
                builder.environment().put("PGPASSFILE", passfile.toString());
                builder.redirectErrorStream(true);
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("pg_dump --schema-only failed: " + output);
                }
                return output.lines().filter(line -> !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
                        .collect(Collectors.joining("\n"));
            } finally {
                Files.deleteIfExists(passfile);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.lockstep.s3;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static dev.lockstep.LockstepSettings.SNAPSHOT_REQUIRED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_BUCKET;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_ENDPOINT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PATH_STYLE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PREFIX;
import static dev.lockstep.LockstepSettings.SNAPSHOT_STORAGE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_VERIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.ErrorCode;
import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotStorage;
import dev.lockstep.SnapshotVerify;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Snapshots in a bucket of a real S3-protocol server, of a real PostgreSQL database: taken before migrating with no
 * local copy, verified, restored both ways, kept per database, and refused when changed.
 */
@PostgresTest
class S3SnapshotTest {
    private final TestDatabase db;
    private final S3Client s3 = S3Server.client();
    @TempDir
    Path migrations;
    @TempDir
    Path work;
    /** Each test its own prefix root, so that tests do not see each other's objects. */
    private final String root = "run-" + UUID.randomUUID() + "/";

    S3SnapshotTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV2WithData() throws IOException {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        write("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);");
        write("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL"
                + " REFERENCES customers (id), total numeric(10, 2));");
        lockstep(db).set(SNAPSHOT_ENABLED, false).build().migrate();
        db.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 300) g",
                "INSERT INTO orders SELECT g, 1 + g % 300, g * 1.5 FROM generate_series(1, 900) g");
        write("V3__email.sql", "ALTER TABLE customers ADD COLUMN email text; CREATE INDEX orders_by_total ON orders"
                + " (total); CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));");
    }

    @Test
    void theSnapshotBeforeMigratingGoesIntoTheBucketWithItsManifestAndNoLocalFile() throws Exception {
        Path directory = work.resolve("never-written");

        MigrationReport report = lockstep(db).set(SNAPSHOT_DIRECTORY, directory).build().migrate();

        Snapshot snapshot = report.snapshot();
        assertThat(snapshot).isNotNull();
        String prefix = root + db.name() + "/";
        assertThat(keys(root)).containsExactlyInAnyOrder(prefix + snapshot.id() + ".dump",
                prefix + snapshot.id() + ".json");
        String manifest = s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(prefix + snapshot.id() + ".json"))
                .asUtf8String();
        assertThat(manifest).contains("\"id\": \"" + snapshot.id() + "\"", "\"database\": \"" + db.name() + "\"",
                "\"sha256\": \"" + snapshot.sha256() + "\"", "\"sizeBytes\": " + snapshot.sizeBytes(),
                "\"verified\": true", "\"fromVersion\": \"2\"", "\"targetVersion\": \"3\"",
                "\"file\": \"" + snapshot.id() + ".dump\"");
        byte[] archive = s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(prefix + snapshot.id() + ".dump"))
                .asByteArray();
        assertThat(archive).hasSize((int) snapshot.sizeBytes());
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(archive))).isEqualTo(snapshot.sha256());
        assertThat(directory).doesNotExist();
        assertThat(scratchFiles()).as("files left in the scratch directory").isEmpty();
    }

    @Test
    void aSnapshotInTheBucketIsListedVerifiedAndRestoredInPlace() {
        DatabaseRows before = DatabaseRows.of(db);
        Lockstep lockstep = lockstep(db).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        db.execute("INSERT INTO invoices VALUES (1, 1)", "UPDATE customers SET email = 'a@example.org'",
                "DELETE FROM orders WHERE id > 600");

        assertThat(lockstep.snapshots().list()).extracting(Snapshot::id).containsExactly(snapshot.id());
        assertThat(lockstep.snapshots().verify(snapshot.id()).sha256()).isEqualTo(snapshot.sha256());
        RestoreResult result = lockstep.snapshots().restore(snapshot.id(), RestoreStyle.IN_PLACE, db.name());

        assertThat(result.style()).isEqualTo(RestoreStyle.IN_PLACE);
        assertThat(DatabaseRows.of(db)).isEqualTo(before);
    }

    @Test
    void aSnapshotInTheBucketIsReadThroughAndRestoredBySwap() throws Exception {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        }
        DatabaseRows before = DatabaseRows.of(db);
        Lockstep lockstep = lockstep(db).set(SNAPSHOT_VERIFY, SnapshotVerify.FULL).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        db.execute("INSERT INTO invoices VALUES (1, 1)", "DELETE FROM orders WHERE id > 600");

        RestoreResult result = lockstep.snapshots().restore(snapshot.id(), RestoreStyle.SWAP, db.name());

        try {
            assertThat(result.keptAs()).isNotNull();
            assertThat(DatabaseRows.of(db)).isEqualTo(before);
        } finally {
            try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS \"" + result.keptAs() + "\"");
            }
        }
    }

    @Test
    void anArchiveChangedAfterUploadIsRefusedByVerifyAndRestore() {
        DatabaseRows after;
        Lockstep lockstep = lockstep(db).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        after = DatabaseRows.of(db);
        String key = root + db.name() + "/" + snapshot.id() + ".dump";
        byte[] archive = s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(key)).asByteArray();
        archive[archive.length - 10] ^= 1; // the end: pg_restore --list alone would never notice
        s3.putObject(r -> r.bucket(S3Server.BUCKET).key(key), RequestBody.fromBytes(archive));

        assertThatThrownBy(() -> lockstep.snapshots().verify(snapshot.id()))
                .isInstanceOf(LockstepException.class)
                .hasMessageContaining("Snapshot " + snapshot.id() + " must not be restored: its archive changed since"
                        + " it was taken");
        assertThatThrownBy(() -> lockstep.snapshots().restore(snapshot.id(), RestoreStyle.IN_PLACE, db.name()))
                .isInstanceOf(LockstepException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID))
                .hasMessageContaining("its archive changed since it was taken");
        assertThat(DatabaseRows.of(db)).isEqualTo(after);
    }

    @Test
    void retentionTouchesOnlyTheSnapshotsOfItsOwnDatabase() {
        try (TestDatabase other = TestDatabase.create("s3other")) {
            other.execute("CREATE TABLE kept (id int)");
            Lockstep first = lockstep(db).set(SNAPSHOT_KEEP, 1).set(SNAPSHOT_MAX_AGE, Duration.ZERO).build();
            Lockstep second = lockstep(other).set(SNAPSHOT_KEEP, 1).set(SNAPSHOT_MAX_AGE, Duration.ZERO).build();
            Snapshot otherOld = second.snapshots().take();
            Snapshot old = first.snapshots().take();
            Snapshot kept = first.snapshots().take();

            assertThat(first.snapshots().list()).extracting(Snapshot::id).containsExactly(kept.id());
            assertThat(second.snapshots().list()).extracting(Snapshot::id).containsExactly(otherOld.id());
            // Whole names: two snapshots within one second differ only by a suffix ("...-v2-to-v2-2")
            assertThat(keys(root)).noneMatch(key -> key.endsWith("/" + old.id() + ".dump")
                            || key.endsWith("/" + old.id() + ".json"))
                    .anyMatch(key -> key.endsWith(otherOld.id() + ".dump"))
                    .anyMatch(key -> key.endsWith(otherOld.id() + ".json"));
        }
    }

    @Test
    void aDumpStoppedBySnapshotTimeoutLeavesNoObjectAndNoUnfinishedUpload() throws IOException {
        // 9 MB at once (more than one part is sent), then pg_dump hangs until snapshot.timeout stops it
        Path tools = standInPgDump(work.resolve("slow"), "head -c 9437184 /dev/zero; sleep 120");

        assertThatThrownBy(() -> lockstep(db).set(SNAPSHOT_PG_DUMP_PATH, tools)
                .set(SNAPSHOT_TIMEOUT, Duration.ofSeconds(4)).build().migrate())
                .isInstanceOf(LockstepException.class)
                .hasMessageContaining("pg_dump did not finish within snapshot.timeout=4s")
                .hasMessageContaining("upload aborted");

        assertThat(keys(root)).isEmpty();
        assertThat(s3.listMultipartUploads(r -> r.bucket(S3Server.BUCKET).prefix(root)).uploads()).isEmpty();
        assertThat(db.queryString("SELECT to_regclass('invoices')::text")).isNull();
    }

    @Test
    void aBucketThatDoesNotExistFailsBeforeMigratingNamingTheSetting() {
        assertThatThrownBy(() -> lockstep(db).set(SNAPSHOT_S3_BUCKET, "no-such-bucket").build().migrate())
                .isInstanceOf(LockstepException.class)
                .hasMessageContaining("the bucket no-such-bucket does not exist")
                .hasMessageContaining("set snapshot.s3.bucket to a bucket that exists");
        assertThat(db.queryString("SELECT to_regclass('invoices')::text")).isNull();
    }

    @Test
    void anUnreachableEndpointFailsBeforeMigratingNamingTheSetting() {
        assertThatThrownBy(() -> lockstep(db).set(SNAPSHOT_S3_ENDPOINT, "http://127.0.0.1:9").build().migrate())
                .isInstanceOf(LockstepException.class)
                .hasMessageContaining("the store cannot be reached")
                .hasMessageContaining("Check snapshot.s3.endpoint=http://127.0.0.1:9");
        assertThat(db.queryString("SELECT to_regclass('invoices')::text")).isNull();
    }

    /**
     * S3Mock accepts any signature, so a refused key cannot be shown here; credentials that the AWS SDK's default chain
     * cannot find at all can: the system properties the fixture sets are taken away for this run.
     */
    @Test
    void noCredentialsFailBeforeMigratingNamingTheChain() {
        String endpoint = S3Server.endpoint();
        String key = System.clearProperty("aws.accessKeyId");
        String secret = System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.sharedCredentialsFile", work.resolve("no-credentials").toString());
        System.setProperty("aws.configFile", work.resolve("no-config").toString());
        try {
            assertThatThrownBy(() -> lockstep(db).set(SNAPSHOT_S3_ENDPOINT, endpoint).build().migrate())
                    .isInstanceOf(LockstepException.class)
                    .hasMessageContaining("no credentials were found")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE");
        } finally {
            System.setProperty("aws.accessKeyId", key);
            System.setProperty("aws.secretAccessKey", secret);
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
        }
        assertThat(db.queryString("SELECT to_regclass('invoices')::text")).isNull();
    }

    @Test
    void withSnapshotRequiredFalseAMissingBucketMigratesAndRecordsWhy() {
        MigrationReport report = lockstep(db).set(SNAPSHOT_S3_BUCKET, "no-such-bucket").set(SNAPSHOT_REQUIRED, false)
                .build().migrate();

        assertThat(report.snapshot()).isNull();
        assertThat(report.snapshotFailure()).contains("the bucket no-such-bucket does not exist");
        assertThat(db.queryString("SELECT to_regclass('invoices')::text")).isEqualTo("invoices");
    }

    private Lockstep.Builder lockstep(TestDatabase database) {
        return Lockstep.configure(database.dataSource())
                .flyway(f -> f.locations("filesystem:" + migrations.toAbsolutePath()))
                .set(CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .set(LOCK_TIMEOUT, Duration.ofSeconds(60))
                .set(SNAPSHOT_ENABLED, true)
                .set(SNAPSHOT_STORAGE, SnapshotStorage.S3)
                .set(SNAPSHOT_S3_BUCKET, S3Server.BUCKET)
                .set(SNAPSHOT_S3_PREFIX, root + "<database>/")
                .set(SNAPSHOT_S3_ENDPOINT, S3Server.endpoint())
                .set(SNAPSHOT_S3_PATH_STYLE, true);
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql, StandardCharsets.UTF_8);
    }

    /** Files in the directory where children's short-lived files go with snapshot.storage=s3. */
    private static List<Path> scratchFiles() throws IOException {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "lockstep-"
                + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_"));
        try (Stream<Path> files = Files.list(scratch)) {
            return files.toList();
        }
    }

    /** A pg_dump that runs {@code body} (sh), with the real pg_restore and psql beside it. */
    private static Path standInPgDump(Path directory, String body) throws IOException {
        Files.createDirectories(directory);
        Path realDump = real("pg_dump");
        Path script = directory.resolve("pg_dump");
        Files.writeString(script, "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then exec " + realDump
                + " --version; fi\n" + body + "\n");
        script.toFile().setExecutable(true, true);
        for (String program : new String[] {"pg_restore", "psql"}) {
            Path beside = directory.resolve(program);
            Files.writeString(beside, "#!/bin/sh\nexec " + real(program) + " \"$@\"\n");
            beside.toFile().setExecutable(true, true);
        }
        return script;
    }

    private static Path real(String program) {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable).findFirst().orElseThrow();
    }
}

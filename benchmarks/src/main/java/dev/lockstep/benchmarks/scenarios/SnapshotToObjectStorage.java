package dev.lockstep.benchmarks.scenarios;

import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_BUCKET;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_ENDPOINT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PATH_STYLE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PREFIX;
import static dev.lockstep.LockstepSettings.SNAPSHOT_STORAGE;
import static dev.lockstep.benchmarks.scenarios.SnapshotVersusPgDump.mb;
import static dev.lockstep.benchmarks.scenarios.SnapshotVersusPgDump.seconds;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.lockstep.Lockstep;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotStorage;
import dev.lockstep.benchmarks.harness.DiskSampler;
import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lockstep's snapshot into object storage ({@code snapshot.storage=s3}) against its local snapshot
 * ({@code snapshot.directory}) of the same generated database, taking turns in every repetition: the time of
 * {@code snapshots().take()} and the local disk it uses at its peak. The store is Adobe's S3Mock, started in this
 * JVM on the loopback interface; it keeps its objects in a directory of its own on the same disk, which is measured
 * apart and excluded from the snapshot's disk use, as is the PostgreSQL cluster's directory. Everything else under
 * the JVM's temporary directory (the snapshot directory, Lockstep's scratch directory, whatever the AWS SDK or
 * pg_dump might write there) counts.
 */
public final class SnapshotToObjectStorage {
    static final double TARGET_RATIO = 1.3;
    static final long TARGET_DISK_BYTES = 64L * 1024 * 1024;
    private static final String BUCKET = "snapshots";

    private enum Variant {
        LOCAL("local: snapshot.directory"),
        S3("object storage: snapshot.storage=s3 (S3Mock)");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final MigrationSet tables;
    private final Path root;
    private final Map<Variant, Samples> times = new EnumMap<>(Variant.class);
    private final Map<Variant, Samples> disk = new EnumMap<>(Variant.class);
    private final Map<Variant, Samples> store = new EnumMap<>(Variant.class);
    private final Map<Variant, Samples> sizes = new EnumMap<>(Variant.class);
    /** CPU time of this JVM's threads during the measured takes into object storage: S3Mock's and the others. */
    private final Samples storeCpu = new Samples();
    private final Samples otherCpu = new Samples();
    /** take() on a database with the same tables and no rows. */
    private final Map<Variant, Samples> empty = new EnumMap<>(Variant.class);
    private long diskSamples;

    public SnapshotToObjectStorage(Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSet tables,
            Path root) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.tables = tables;
        this.root = root;
        for (Variant variant : Variant.values()) {
            times.put(variant, new Samples());
            disk.put(variant, new Samples());
            store.put(variant, new Samples());
            sizes.put(variant, new Samples());
            empty.put(variant, new Samples());
        }
    }

    public void run() throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path storeRoot = Files.createDirectory(root.resolve("s3mock-store"));
        Path dumps = Files.createDirectory(root.resolve("s3-dumps"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        S3MockApplication s3mock = startStore(storeRoot);
        // The PostgreSQL cluster's directory holds the database, not the snapshot; S3Mock receives a request's body
        // into a file of its own directly in the JVM's temporary directory before it moves it into its storage.
        Predicate<Path> cluster = DiskSampler.namedUnder(temp, List.of("lockstep-pg-"));
        Predicate<Path> s3mockTemp = DiskSampler.namedUnder(temp, List.of("ObjectService", "completeMultipartUpload"));
        // The AWS SDK's default chain finds these; S3Mock accepts any key.
        System.setProperty("aws.accessKeyId", "lockstep-benchmark");
        System.setProperty("aws.secretAccessKey", "lockstep-benchmark-secret");
        System.setProperty("aws.disableEc2Metadata", "true");
        try (EmbeddedDatabase db = server.createDatabase("bench_s3");
                DiskSampler local = new DiskSampler(temp, cluster.or(storeRoot::equals), s3mockTemp.negate());
                DiskSampler stored = new DiskSampler(temp, cluster,
                        s3mockTemp.or(file -> file.startsWith(storeRoot)))) {
            Lockstep toDisk = Lockstep.configure(db.dataSource())
                    .flyway(f -> f.locations(tables.location()))
                    .set(SNAPSHOT_DIRECTORY, dumps)
                    .build();
            Fixture.require(toDisk.migrate().applied().size() == 1, "creating the tables");
            SnapshotDatabase.Facts facts = SnapshotDatabase.fill(db, plan.snapshotScale());
            SnapshotVersusPgDump.removeSnapshots(dumps);
            Lockstep toStore = toStore(db, dumps, s3mock);

            // Warm-up, not recorded: the tables into the page cache, the code of both paths loaded.
            take(Variant.LOCAL, toDisk, dumps, local, stored, Run.WARM_UP);
            take(Variant.S3, toStore, dumps, local, stored, Run.WARM_UP);
            List<Variant> turns = List.of(Variant.values());
            for (int repetition = 0; repetition < plan.rounds(); repetition++) {
                for (int turn = 0; turn < turns.size(); turn++) {
                    Variant variant = turns.get(Fixture.rotate(repetition, turn, turns.size()));
                    take(variant, variant == Variant.S3 ? toStore : toDisk, dumps, local, stored, Run.MEASURED);
                }
            }
            fixedPart(s3mock, dumps, local, stored);
            print(facts, temp, storeRoot);
        } finally {
            s3mock.stop();
            SnapshotVersusPgDump.removeSnapshots(dumps);
            Files.deleteIfExists(dumps);
        }
    }

    private Lockstep toStore(EmbeddedDatabase db, Path dumps, S3MockApplication s3mock) {
        return Lockstep.configure(db.dataSource())
                .flyway(f -> f.locations(tables.location()))
                .set(SNAPSHOT_DIRECTORY, dumps) // not written with s3; counted if it were
                .set(SNAPSHOT_STORAGE, SnapshotStorage.S3)
                .set(SNAPSHOT_S3_BUCKET, BUCKET)
                .set(SNAPSHOT_S3_PREFIX, "bench/<database>/")
                .set(SNAPSHOT_S3_ENDPOINT, "http://127.0.0.1:" + s3mock.getHttpPort())
                .set(SNAPSHOT_S3_PATH_STYLE, true)
                .set(SNAPSHOT_KEEP, 1) // the store holds one archive between takes
                .set(SNAPSHOT_MAX_AGE, Duration.ZERO)
                .build();
    }

    /**
     * The same comparison on a database with the same tables and no rows: what each way costs whatever the size
     * (the store's requests: preflight, upload, read-back, manifest, retention), so that the rest of the difference
     * above is the cost per byte.
     */
    private void fixedPart(S3MockApplication s3mock, Path dumps, DiskSampler local, DiskSampler stored)
            throws IOException {
        try (EmbeddedDatabase db = server.createDatabase("bench_s3_empty")) {
            Lockstep toDisk = Lockstep.configure(db.dataSource())
                    .flyway(f -> f.locations(tables.location()))
                    .set(SNAPSHOT_DIRECTORY, dumps)
                    .build();
            Fixture.require(toDisk.migrate().applied().size() == 1, "creating the empty tables");
            SnapshotVersusPgDump.removeSnapshots(dumps);
            Lockstep toStore = toStore(db, dumps, s3mock);
            take(Variant.LOCAL, toDisk, dumps, local, stored, Run.WARM_UP);
            take(Variant.S3, toStore, dumps, local, stored, Run.WARM_UP);
            for (int repetition = 0; repetition < plan.rounds() * 2; repetition++) {
                for (int turn = 0; turn < 2; turn++) {
                    Variant variant = Variant.values()[Fixture.rotate(repetition, turn, 2)];
                    take(variant, variant == Variant.S3 ? toStore : toDisk, dumps, local, stored, Run.EMPTY_DATABASE);
                }
            }
        }
    }

    /** What a take() is recorded as. */
    private enum Run { WARM_UP, MEASURED, EMPTY_DATABASE }

    private void take(Variant variant, Lockstep lockstep, Path dumps, DiskSampler local, DiskSampler stored,
            Run run) throws IOException {
        Fixture.settle();
        long localBefore = local.restart();
        long storedBefore = stored.restart();
        Map<Long, ThreadCpu> cpuBefore = ThreadCpu.now();
        long start = System.nanoTime();
        Snapshot snapshot = lockstep.snapshots().take();
        long nanos = System.nanoTime() - start;
        Map<Long, ThreadCpu> cpuAfter = ThreadCpu.now();
        long localPeak = local.peak() - localBefore;
        long storedPeak = stored.peak() - storedBefore;
        Fixture.require(snapshot.verified(), "the snapshot was not verified: " + snapshot);
        if (run == Run.EMPTY_DATABASE) {
            empty.get(variant).add(nanos);
        } else if (run == Run.MEASURED) {
            times.get(variant).add(nanos);
            disk.get(variant).add(Math.max(0, localPeak));
            store.get(variant).add(Math.max(0, storedPeak));
            sizes.get(variant).add(snapshot.sizeBytes());
            diskSamples += local.samples();
            if (variant == Variant.S3) {
                storeCpu.add(ThreadCpu.spent(cpuBefore, cpuAfter, true));
                otherCpu.add(ThreadCpu.spent(cpuBefore, cpuAfter, false));
            }
        }
        SnapshotVersusPgDump.removeSnapshots(dumps);
    }

    private void print(SnapshotDatabase.Facts facts, Path temp, Path storeRoot) {
        Samples local = times.get(Variant.LOCAL);
        Samples s3 = times.get(Variant.S3);
        double ratio = (double) s3.median() / local.median();
        long s3Disk = disk.get(Variant.S3).max();
        out.println();
        out.println("## Snapshots in object storage: snapshot.storage=s3 (S3Mock) vs the local snapshot");
        out.println();
        out.printf(Locale.ROOT, "Database: %s by pg_database_size, %,d customers, %,d orders, %,d events; %d"
                + " repetitions of snapshots().take(), the two taking turns; S3Mock in this JVM on 127.0.0.1."
                + " Targets: object storage / local median ≤ %.1f×; local disk at the peak of a snapshot into object"
                + " storage ≤ %s whatever the database's size.%n%n", mb(facts.databaseBytes()), facts.customers(),
                facts.orders(), facts.events(), plan.rounds(), TARGET_RATIO, mb(TARGET_DISK_BYTES));
        Table table = new Table("snapshot", "runs", "median", "min", "max", "archive",
                "local disk, peak above the start (max of runs)", "S3Mock's files, peak above the start");
        for (Variant variant : Variant.values()) {
            Samples samples = times.get(variant);
            table.row(variant.label, samples.size(), seconds(samples.median()), seconds(samples.percentile(0)),
                    seconds(samples.max()), mb(sizes.get(variant).median()), bytes(disk.get(variant).max()),
                    bytes(store.get(variant).max()));
        }
        table.print(out);
        out.println();
        Table targets = new Table("target", "measured", "result");
        targets.row("object storage / local, medians ≤ " + Samples.ratio(TARGET_RATIO), Samples.ratio(ratio),
                Table.verdict(ratio <= TARGET_RATIO));
        targets.row("local disk of a snapshot into object storage ≤ " + mb(TARGET_DISK_BYTES), bytes(s3Disk),
                Table.verdict(s3Disk <= TARGET_DISK_BYTES));
        targets.print(out);
        out.println();
        Samples emptyLocal = empty.get(Variant.LOCAL);
        Samples emptyS3 = empty.get(Variant.S3);
        long fixed = emptyS3.median() - emptyLocal.median();
        long whole = s3.median() - local.median();
        out.printf(Locale.ROOT, "Where the difference goes: the same two take turns %d times on a database with the"
                + " same tables and no rows.%n%n", emptyS3.size());
        Table split = new Table("difference of the medians, object storage minus local", "time", "share");
        split.row("whole, on the database above", seconds(whole), "100%");
        split.row("fixed: on the empty database (local " + seconds(emptyLocal.median()) + ", object storage "
                + seconds(emptyS3.median()) + ")", seconds(fixed), percent(fixed, whole));
        split.row("per byte: the rest, for " + mb(sizes.get(Variant.S3).median()), seconds(whole - fixed),
                percent(whole - fixed, whole));
        split.print(out);
        out.println();
        out.printf(Locale.ROOT, "CPU time of this JVM's threads during a take() into object storage (medians of %d;"
                + " pg_dump and pg_restore are other processes, not counted): S3Mock's request threads (http-*)"
                + " %s, all other threads (Lockstep, the AWS SDK, the samplers, the collector) %s; wall time %s on 2"
                + " cores.%n%n", storeCpu.size(), seconds(storeCpu.median()), seconds(otherCpu.median()),
                seconds(s3.median()));
        out.printf(Locale.ROOT, "Local disk: the bytes of regular files under %s (the JVM's temporary directory, which"
                + " holds the snapshot directory and Lockstep's scratch directory), sampled every %d ms (%,d samples"
                + " in the measured runs), peak minus the value just before take(); excluded, as the store's and"
                + " counted in its own column: S3Mock's storage (%s) and the files S3Mock receives requests into"
                + " (ObjectService*, completeMultipartUpload* in the temporary directory); excluded, as the"
                + " database's: the PostgreSQL cluster (lockstep-pg-*).%n", temp,
                DiskSampler.INTERVAL_MILLIS, diskSamples, storeRoot.getFileName());
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** One thread's CPU time; S3Mock serves requests on Tomcat's threads, named http-nio-PORT-exec-N. */
    private record ThreadCpu(String name, long nanos) {
        static Map<Long, ThreadCpu> now() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, ThreadCpu> cpu = new HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(),
                            Math.max(0, threads.getThreadCpuTime(info.getThreadId()))));
                }
            }
            return cpu;
        }

        static long spent(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after, boolean store) {
            long total = 0;
            for (Map.Entry<Long, ThreadCpu> thread : after.entrySet()) {
                if (thread.getValue().name().startsWith("http-") == store) {
                    ThreadCpu earlier = before.get(thread.getKey());
                    total += thread.getValue().nanos() - (earlier == null ? 0 : earlier.nanos());
                }
            }
            return total; // threads that ended during the take are not counted
        }
    }

    /** Megabytes, or bytes below one: the password file alone must not read as nothing. */
    private static String bytes(long bytes) {
        return bytes < 1_048_576 ? String.format(Locale.ROOT, "%,d bytes", bytes) : mb(bytes);
    }

    private static S3MockApplication startStore(Path storeRoot) {
        Map<String, Object> properties = new HashMap<>(Map.of( // S3Mock edits the map
                S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET,
                S3MockApplication.PROP_ROOT_DIRECTORY, storeRoot.toString(),
                S3MockApplication.PROP_SILENT, true));
        return S3MockApplication.start(properties);
    }
}

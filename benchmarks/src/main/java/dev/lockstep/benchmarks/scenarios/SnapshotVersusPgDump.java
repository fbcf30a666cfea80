package dev.lockstep.benchmarks.scenarios;

import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Snapshot;
import dev.lockstep.benchmarks.harness.ChildWatcher;
import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.PgClient;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lockstep's snapshot ({@code lockstep.snapshots().take()}: lock, preflight, pg_dump, pg_restore --list,
 * SHA-256, manifest) against raw {@code pg_dump -Fc} of the same generated database, and pg_dump's gzip levels
 * side by side. The variants take turns within every repetition, the starting one rotating, so the machine's
 * noise falls on all of them. Every archive is deleted as soon as its size is read.
 */
public final class SnapshotVersusPgDump {
    static final double TARGET_RATIO = 1.05;

    /** What is timed. Every raw dump is {@code pg_dump --format=custom} into a file, over TCP, with a passfile. */
    private enum Variant {
        DEFAULT("raw pg_dump -Fc (default compression)", "-Fc alone (default)", null),
        Z0("raw pg_dump -Fc -Z0", "-Z0 (none)", 0),
        Z1("raw pg_dump -Fc -Z1", "-Z1 (Lockstep's)", 1),
        Z3("raw pg_dump -Fc -Z3", "-Z3", 3),
        Z6("raw pg_dump -Fc -Z6", "-Z6", 6),
        LOCKSTEP("Lockstep snapshots().take()", "", null);

        final String label;
        final String compression;
        final Integer level; // null: pg_dump's own default, or not a raw dump

        Variant(String label, String compression, Integer level) {
            this.label = label;
            this.compression = compression;
            this.level = level;
        }
    }

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final Path root;
    private final MigrationSet tables;
    private final Map<Variant, Samples> times = new EnumMap<>(Variant.class);
    private final Map<Variant, Samples> sizes = new EnumMap<>(Variant.class);
    private final Samples restoreList = new Samples();
    private final Samples sha256 = new Samples();
    /** Phases of Lockstep's take(), observed from outside in extra runs (see {@link ChildWatcher}). */
    private final Map<Phase, Samples> phases = new EnumMap<>(Phase.class);
    private final Samples observedRawZ1 = new Samples();

    private enum Phase {
        BEFORE("lock, history read, preflight (pg_dump --version, server version, free space) until pg_dump starts"),
        DUMP("pg_dump -Fc -Z1, Lockstep's own child"),
        BETWEEN("from pg_dump's end to pg_restore's start"),
        LIST("pg_restore --list (snapshot.verify=list)"),
        AFTER("SHA-256, manifest, rename, retention, unlock: from pg_restore's end until take() returns"),
        WHOLE("take(), whole");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    public SnapshotVersusPgDump(Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSet tables, Path root) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.tables = tables;
        this.root = root;
        for (Variant variant : Variant.values()) {
            times.put(variant, new Samples());
            sizes.put(variant, new Samples());
        }
        for (Phase phase : Phase.values()) {
            phases.put(phase, new Samples());
        }
    }

    public void run() throws IOException, SQLException {
        Path dumps = Files.createDirectory(root.resolve("dumps"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (EmbeddedDatabase db = server.createDatabase("bench_snapshot"); PgClient client = new PgClient(db, dumps)) {
            Lockstep lockstep = Lockstep.configure(db.dataSource())
                    .flyway(f -> f.locations(tables.location()))
                    .set(SNAPSHOT_DIRECTORY, dumps)
                    .build();
            MigrationReport report = lockstep.migrate(); // V1 (its snapshot of the empty database is removed below)
            Fixture.require(report.applied().size() == 1, "creating the tables: " + report.summary());
            SnapshotDatabase.Facts facts = SnapshotDatabase.fill(db, plan.snapshotScale());
            removeSnapshots(dumps);
            String pgDumpVersion = output(client, dumps, "pg_dump", "--version");

            // Warm-up, not recorded: the tables are read into the page cache, the snapshot code is loaded.
            rawDump(client, dumps, Variant.Z0, false);
            snapshot(lockstep, dumps, false);
            List<Variant> turns = List.of(Variant.DEFAULT, Variant.Z0, Variant.Z1, Variant.Z3, Variant.Z6,
                    Variant.LOCKSTEP);
            for (int repetition = 0; repetition < plan.rounds(); repetition++) {
                for (int turn = 0; turn < turns.size(); turn++) {
                    Variant variant = turns.get(Fixture.rotate(repetition, turn, turns.size()));
                    Fixture.settle();
                    if (variant == Variant.LOCKSTEP) {
                        snapshot(lockstep, dumps, true);
                    } else {
                        rawDump(client, dumps, variant, true);
                    }
                }
            }
            for (int i = 0; i < (plan.quick() ? 1 : 3); i++) {
                observe(lockstep, client, dumps);
            }
            print(facts, pgDumpVersion);
            fixedCosts(dumps);
        } finally {
            removeSnapshots(dumps);
            Files.deleteIfExists(dumps);
        }
    }

    private void rawDump(PgClient client, Path dumps, Variant variant, boolean record) throws IOException {
        Path archive = dumps.resolve("raw-" + variant.name().toLowerCase(Locale.ROOT) + ".dump");
        try {
            long nanos = variant.level == null
                    ? client.run(Path.of("/dev/null"), "pg_dump", "-Fc", "-f", archive.toString())
                    : client.run(Path.of("/dev/null"), "pg_dump", "-Fc", "-Z" + variant.level, "-f", archive.toString());
            if (!record) {
                return;
            }
            times.get(variant).add(nanos);
            sizes.get(variant).add(Files.size(archive));
            if (variant == Variant.Z1) {
                // What Lockstep does after its own -Z1 dump, timed on its own, right after the dump as Lockstep does.
                restoreList.add(client.run(Path.of("/dev/null"), "pg_restore", "--list", archive.toString()));
                sha256.add(sha256(archive));
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private void snapshot(Lockstep lockstep, Path dumps, boolean record) throws IOException {
        long start = System.nanoTime();
        Snapshot snapshot = lockstep.snapshots().take();
        long nanos = System.nanoTime() - start;
        Fixture.require(snapshot.verified(), "the snapshot was not verified: " + snapshot);
        removeSnapshots(dumps);
        if (record) {
            times.get(Variant.LOCKSTEP).add(nanos);
            sizes.get(Variant.LOCKSTEP).add(snapshot.sizeBytes());
        }
    }

    /** One extra take() with its children watched: where the time goes, measured rather than inferred. */
    private void observe(Lockstep lockstep, PgClient client, Path dumps) throws IOException {
        // The raw -Z1 dump right before, so that the comparison shares the moment's noise.
        Path archive = dumps.resolve("raw-observed.dump");
        Fixture.settle();
        observedRawZ1.add(client.run(Path.of("/dev/null"), "pg_dump", "-Fc", "-Z1", "-f", archive.toString()));
        Files.delete(archive);
        Fixture.settle();
        long start;
        long end;
        List<ChildWatcher.Child> children;
        try (ChildWatcher watcher = new ChildWatcher()) {
            Fixture.sleep(20); // the watcher's first poll, before the clock starts
            start = System.nanoTime();
            lockstep.snapshots().take();
            end = System.nanoTime();
            Fixture.sleep(20); // its last poll sees the last child gone
            children = watcher.children();
        }
        removeSnapshots(dumps);
        ChildWatcher.Child dump = find(children, "pg_dump", "--format=custom");  // Lockstep's own flags
        ChildWatcher.Child list = find(children, "pg_restore", "--list");
        phases.get(Phase.BEFORE).add(dump.firstSeenNanos() - start);
        phases.get(Phase.DUMP).add(dump.nanos());
        phases.get(Phase.BETWEEN).add(list.firstSeenNanos() - dump.goneNanos());
        phases.get(Phase.LIST).add(list.nanos());
        phases.get(Phase.AFTER).add(end - list.goneNanos());
        phases.get(Phase.WHOLE).add(end - start);
    }

    private static ChildWatcher.Child find(List<ChildWatcher.Child> children, String program, String argument) {
        return children.stream().filter(c -> c.command().contains(program + " " + argument))
                .findFirst().orElseThrow(() -> new IllegalStateException("benchmark precondition failed: no "
                        + program + " " + argument + " child seen during take(); seen: " + children));
    }

    private void print(SnapshotDatabase.Facts facts, String pgDumpVersion) {
        out.println();
        out.println("## Snapshot before migrating: Lockstep's snapshot vs raw pg_dump -Fc of the same database");
        out.println();
        out.printf(Locale.ROOT, "Database: %s by pg_database_size, %,d customers, %,d orders, %,d events (generated in"
                + " %.0f s); %s; %d repetitions, the variants taking turns; target: Lockstep / raw pg_dump -Fc median"
                + " ≤ %.2f×%n%n", mb(facts.databaseBytes()), facts.customers(), facts.orders(), facts.events(),
                facts.generateNanos() / 1e9, pgDumpVersion, plan.rounds(), TARGET_RATIO);
        Samples lockstep = times.get(Variant.LOCKSTEP);
        Samples raw = times.get(Variant.DEFAULT);
        Samples rawZ1 = times.get(Variant.Z1);
        double vsRaw = (double) lockstep.median() / raw.median();
        Table table = new Table("dump", "runs", "median", "min", "max", "archive size", "Lockstep / this (medians)",
                "target", "result");
        for (Variant variant : List.of(Variant.DEFAULT, Variant.Z1)) {
            Samples samples = times.get(variant);
            boolean targeted = variant == Variant.DEFAULT;
            table.row(variant.label, samples.size(), seconds(samples.median()), seconds(samples.percentile(0)),
                    seconds(samples.max()), mb(sizes.get(variant).median()),
                    Samples.ratio((double) lockstep.median() / samples.median()),
                    targeted ? "≤ " + Samples.ratio(TARGET_RATIO) : "none (reference)",
                    targeted ? Table.verdict(vsRaw <= TARGET_RATIO) : "-");
        }
        table.row(Variant.LOCKSTEP.label, lockstep.size(), seconds(lockstep.median()), seconds(lockstep.percentile(0)),
                seconds(lockstep.max()), mb(sizes.get(Variant.LOCKSTEP).median()), "-", "-", "-");
        table.print(out);

        out.println();
        out.printf(Locale.ROOT, "Where Lockstep's time goes: %d extra take() runs with its child processes watched"
                + " from outside (new children found by polling every 10 ms, which itself costs CPU; not part of the medians above), beside the same steps timed on"
                + " their own:%n%n", phases.get(Phase.WHOLE).size());
        Table steps = new Table("phase of take()", "median", "share", "the same step timed alone (median)");
        Samples whole = phases.get(Phase.WHOLE);
        for (Phase phase : Phase.values()) {
            long median = phases.get(phase).median();
            String alone = switch (phase) {
                case DUMP -> "raw pg_dump -Fc -Z1 just before each: " + seconds(observedRawZ1.median());
                case LIST -> "pg_restore --list: " + seconds(restoreList.median());
                case AFTER -> "SHA-256 of a -Z1 archive in the JVM: " + seconds(sha256.median());
                case WHOLE -> "take() in the runs above: " + seconds(lockstep.median());
                default -> "-";
            };
            steps.row(phase.label, seconds(median), share(median, whole), alone);
        }
        steps.print(out);

        out.println();
        out.println("### Snapshot compression: pg_dump -Fc at gzip levels 0, 1, 3, 6 (same runs)");
        out.println();
        long z1Size = sizes.get(Variant.Z1).median();
        Table levels = new Table("pg_dump -Fc", "runs", "median", "min", "max", "archive size",
                "size / database size", "time vs -Z1", "size vs -Z1");
        for (Variant variant : List.of(Variant.Z0, Variant.Z1, Variant.Z3, Variant.Z6, Variant.DEFAULT)) {
            Samples samples = times.get(variant);
            long size = sizes.get(variant).median();
            levels.row(variant.compression, samples.size(), seconds(samples.median()),
                    seconds(samples.percentile(0)), seconds(samples.max()), mb(size),
                    String.format(Locale.ROOT, "%.0f%%", 100.0 * size / facts.databaseBytes()),
                    Samples.ratio((double) samples.median() / rawZ1.median()), Samples.ratio((double) size / z1Size));
        }
        levels.print(out);
    }

    /**
     * What a snapshot costs whatever the database's size, measured on a database with the same tables and no rows:
     * Lockstep's take() against the raw -Z1 dump, and the pieces of the difference that can be timed on their own.
     */
    private void fixedCosts(Path dumps) throws IOException, SQLException {
        Samples raw = new Samples();
        Samples lockstepTimes = new Samples();
        Samples list = new Samples();
        Samples version = new Samples();
        Samples connect = new Samples();
        try (EmbeddedDatabase db = server.createDatabase("bench_snapshot_empty"); PgClient client = new PgClient(db, dumps)) {
            Lockstep lockstep = Lockstep.configure(db.dataSource())
                    .flyway(f -> f.locations(tables.location()))
                    .set(SNAPSHOT_DIRECTORY, dumps)
                    .build();
            Fixture.require(lockstep.migrate().applied().size() == 1, "creating the empty tables");
            removeSnapshots(dumps);
            Path archive = dumps.resolve("raw-empty.dump");
            for (int i = -1; i < plan.rounds() * 4; i++) {
                boolean record = i >= 0;
                Fixture.settle();
                long nanos = client.run(Path.of("/dev/null"), "pg_dump", "-Fc", "-Z1", "-f", archive.toString());
                long listNanos = client.run(Path.of("/dev/null"), "pg_restore", "--list", archive.toString());
                Files.delete(archive);
                long versionNanos = client.run(Path.of("/dev/null"), "pg_dump", "--version");
                long start = System.nanoTime();
                try (Connection connection = db.dataSource().getConnection()) {
                    Fixture.require(connection.isValid(5), "a new connection was not valid");
                }
                long connectNanos = System.nanoTime() - start;
                Fixture.settle();
                start = System.nanoTime();
                lockstep.snapshots().take();
                long lockstepNanos = System.nanoTime() - start;
                removeSnapshots(dumps);
                if (record) {
                    raw.add(nanos);
                    list.add(listNanos);
                    version.add(versionNanos);
                    connect.add(connectNanos);
                    lockstepTimes.add(lockstepNanos);
                }
            }
        }
        out.println();
        out.printf(Locale.ROOT, "The fixed part, on a database with the same tables and no rows (%d repetitions"
                + " each, alternating):%n%n", raw.size());
        Table table = new Table("measured on the empty database", "median", "min", "max");
        table.row("raw pg_dump -Fc -Z1", ms(raw.median()), ms(raw.percentile(0)), ms(raw.max()));
        table.row("Lockstep snapshots().take()", ms(lockstepTimes.median()), ms(lockstepTimes.percentile(0)),
                ms(lockstepTimes.max()));
        table.row("difference of the medians", ms(lockstepTimes.median() - raw.median()), "", "");
        table.row("of which, timed alone: pg_restore --list", ms(list.median()), ms(list.percentile(0)), ms(list.max()));
        table.row("of which, timed alone: pg_dump --version (preflight)", ms(version.median()),
                ms(version.percentile(0)), ms(version.max()));
        table.row("of which, timed alone: one new JDBC connection (Lockstep opens two)", ms(connect.median()),
                ms(connect.percentile(0)), ms(connect.max()));
        table.print(out);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    private static String share(long nanos, Samples whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * nanos / whole.median());
    }

    /** The time the JDK takes for the SHA-256 Lockstep writes into each manifest (the digest, in hex). */
    private static long sha256(Path file) throws IOException {
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
            Fixture.require(HexFormat.of().formatHex(digest.digest()).length() == 64, "SHA-256 gave no digest");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        return System.nanoTime() - start;
    }

    private static String output(PgClient client, Path dumps, String program, String argument) throws IOException {
        Path file = dumps.resolve("output.txt");
        try {
            client.run(file, program, argument);
            return Files.readString(file).strip();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Lockstep's archives and manifests: the lockstep-* files in the directory. */
    static void removeSnapshots(Path dumps) throws IOException {
        if (!Files.isDirectory(dumps)) {
            return;
        }
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("lockstep-")).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Megabytes of 2^20 bytes, as Lockstep's own log lines print them. */
    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }

    /** Seconds with two decimals from one second up, milliseconds below. */
    static String seconds(long nanos) {
        return nanos >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9) : ms(nanos);
    }
}

package dev.lockstep.benchmarks.harness;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.util.Map;

/** A fresh database brought to the end of a set by Lockstep, as a first deploy leaves it (lockstep_runs included). */
public record UpToDate(MigrationSet set, EmbeddedDatabase db) implements AutoCloseable {

    public static UpToDate prepare(EmbeddedPostgres server, MigrationSet set) {
        EmbeddedDatabase db = server.createDatabase("bench_uptodate");
        MigrationReport report = Lockstep.configure(db.dataSource()).flyway(f -> f.locations(set.location()))
                .properties(Map.of("snapshot.enabled", "false")).build().migrate();
        Fixture.require(report.applied().size() == set.count(), "preparing " + set.name() + ": " + report.summary());
        return new UpToDate(set, db);
    }

    @Override
    public void close() {
        db.close();
    }
}

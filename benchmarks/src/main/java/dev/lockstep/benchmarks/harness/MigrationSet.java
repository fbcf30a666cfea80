package dev.lockstep.benchmarks.harness;

import java.nio.file.Path;

/** A directory of migrations, and the Flyway location that points at it; Lockstep and Flyway read the same files. */
public record MigrationSet(String name, Path directory, int count) {
    public String location() {
        return "filesystem:" + directory.toAbsolutePath();
    }
}

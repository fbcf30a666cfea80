package dev.lockstep;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * A shell script in place of pg_dump, with the real pg_restore and psql beside it: for the failures a real
 * pg_dump cannot be made to show on demand (an older version, a full disk) and to look at what the child sees.
 */
final class StandInPgDump {
    private StandInPgDump() {}

    /** The real pg_dump, from the PATH as Lockstep finds it. */
    static Path real(String program) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(program
                        + " is not on the PATH; the snapshot tests need the PostgreSQL client programs"));
    }

    /**
     * Writes {@code <directory>/pg_dump} running {@code body} (sh), with pg_restore and psql beside it running
     * the real ones. {@code --version}
     * is answered by {@code version} when given, else by the real pg_dump.
     */
    static Path write(Path directory, String version, String body) {
        try {
            Files.createDirectories(directory);
            Path script = directory.resolve("pg_dump");
            String answer = version.isEmpty() ? "exec " + real("pg_dump") + " --version" : "echo '" + version + "'";
            Files.writeString(script, "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then " + answer + "; exit 0; fi\n"
                    + body + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            for (String program : new String[] {"pg_restore", "psql"}) {
                Path beside = directory.resolve(program);
                Files.writeString(beside, "#!/bin/sh\nexec " + real(program) + " \"$@\"\n");
                Files.setPosixFilePermissions(beside, PosixFilePermissions.fromString("rwx------"));
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.lockstep.spring;

import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The properties every test application gets: its database, a temporary snapshot directory, short timeouts. */
final class TestProperties {
    private TestProperties() {}

    static String[] of(TestDatabase db, Path snapshots, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + db.password(),
                "lockstep.snapshot.directory=" + snapshots.toAbsolutePath(),
                "lockstep.connect-timeout=10s",
                "lockstep.lock.timeout=60s"));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }
}

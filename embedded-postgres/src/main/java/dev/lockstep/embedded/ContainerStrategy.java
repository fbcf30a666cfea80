package dev.lockstep.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in a Testcontainers container, when Testcontainers is on the class path and a Docker engine answers.
 * This module declares Testcontainers optional, so that programs which run on local binaries do not carry it.
 */
final class ContainerStrategy {
    static final String KIND = "testcontainers";
    static final String ARTIFACT = "org.testcontainers:testcontainers-postgresql";
    static final String IMAGE = "postgres:15-alpine";
    private static final String ADMIN_USER = "postgres";
    private static final String ADMIN_DATABASE = "postgres";

    private ContainerStrategy() {}

    /**
     * Whether there is any sign of a Docker engine. Asking Testcontainers without one makes it log an ERROR block
     * in every test JVM; this cheap look keeps builds on machines without Docker quiet.
     */
    private static boolean dockerConfigured() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> signs = List.of(Path.of("/var/run/docker.sock"), home.resolve(".docker/run/docker.sock"),
                home.resolve(".testcontainers.properties"), Path.of("/run/user/" + currentUid() + "/docker.sock"));
        return signs.stream().anyMatch(Files::exists);
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false,
                    ContainerStrategy.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String currentUid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "0";
        }
    }

    static Endpoint start() throws Unavailable {
        if (!testcontainersPresent()) {
            throw new Unavailable("Testcontainers is not on the class path (" + ARTIFACT + ")");
        }
        if (!dockerConfigured()) {
            throw new Unavailable("no Docker engine is configured (no DOCKER_HOST, no Docker socket, no"
                    + " ~/.testcontainers.properties)");
        }
        boolean dockerAvailable;
        try {
            dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            throw new Unavailable("the Docker check failed: " + e.getMessage(), e);
        }
        if (!dockerAvailable) {
            throw new Unavailable("no Docker engine answered (Testcontainers found no usable Docker environment)");
        }
        String password = Passwords.generate();
        @SuppressWarnings("resource") // stopped by the endpoint's stop action, at JVM exit
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
                .withUsername(ADMIN_USER)
                .withPassword(password)
                .withDatabaseName(ADMIN_DATABASE);
        // Same throwaway settings as the local cluster: durability off, room for multi-process tests.
        container.setCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new Unavailable("Docker answers, but the " + IMAGE + " container did not start: " + e.getMessage(),
                    e);
        }
        String containerId = container.getContainerId();
        String shortId = containerId == null ? "?" : containerId.substring(0, Math.min(12, containerId.length()));
        return new Endpoint(KIND, container.getHost(), container.getMappedPort(5432), ADMIN_USER, password,
                ADMIN_DATABASE, "", null, null, null, "Testcontainers " + IMAGE + " container " + shortId,
                container::stop);
    }
}

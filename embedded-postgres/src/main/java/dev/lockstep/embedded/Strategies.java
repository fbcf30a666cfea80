package dev.lockstep.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks where the throwaway PostgreSQL comes from: {@code LOCKSTEP_TEST_JDBC_URL} when set, else a Testcontainers
 * container when Testcontainers is present and Docker answers, else a local cluster; and when nothing works, says
 * what to do about each.
 */
final class Strategies {
    private static final Logger LOG = LoggerFactory.getLogger(Strategies.class);

    /** One way of obtaining a server. */
    interface Strategy {
        Endpoint start() throws Unavailable;
    }

    private Strategies() {}

    static Endpoint obtain() {
        return obtain(System.getenv(), ContainerStrategy::start, LocalCluster::start);
    }

    /**
     * The first strategy that works, in the documented order. An explicitly set but malformed
     * {@code LOCKSTEP_TEST_JDBC_URL} is an error rather than a reason to fall back: the developer asked for that
     * server.
     * The parameters let tests make each strategy fail.
     */
    static Endpoint obtain(Map<String, String> environment, Strategy container, Strategy local) {
        Optional<Endpoint> configured = EnvironmentStrategy.fromEnvironment(environment);
        if (configured.isPresent()) {
            return configured.get();
        }
        List<String> failures = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        failures.add(EnvironmentStrategy.KIND + ": " + EnvironmentStrategy.URL_VARIABLE + " is not set");
        try {
            return container.start();
        } catch (Unavailable | RuntimeException | LinkageError e) {
            // LinkageError: Testcontainers is there, but not all of what it needs (docker-java, ...).
            failures.add(ContainerStrategy.KIND + ": " + e.getMessage());
            causes.add(e);
        }
        LOG.debug("No Testcontainers container ({}); starting a local PostgreSQL cluster", failures.get(1));
        try {
            return local.start();
        } catch (Unavailable | RuntimeException e) {
            failures.add(LocalCluster.KIND + ": " + e.getMessage());
            causes.add(e);
        }
        IllegalStateException failure = new IllegalStateException("No throwaway PostgreSQL could be had. Set "
                + EnvironmentStrategy.URL_VARIABLE + " (with " + EnvironmentStrategy.USER_VARIABLE + " and "
                + EnvironmentStrategy.PASSWORD_VARIABLE + ") to a database of an account that may create roles and"
                + " databases, or install the PostgreSQL server binaries (apt-get install postgresql), or put "
                + ContainerStrategy.ARTIFACT + " on the class path and start a Docker engine. Tried:\n - "
                + String.join("\n - ", failures));
        causes.forEach(failure::addSuppressed);
        throw failure;
    }
}

package dev.lockstep.embedded;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM that starts its own shared PostgreSQL and reports where it lives, for the cleanup tests: {@code EXIT}
 * on standard input makes it exit normally (shutdown hooks run).
 */
public final class ClusterMain {
    private ClusterMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        EmbeddedDatabase database = server.createDatabase("cluster_main");
        System.out.println("KIND " + server.kind());
        System.out.println("PORT " + server.port());
        System.out.println("DIR " + server.directory().map(Object::toString).orElse("-"));
        System.out.println("DATABASE " + database.name() + " " + database.queryLong("SELECT 42"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("EXIT")) {
                System.exit(0);
            }
        }
    }
}

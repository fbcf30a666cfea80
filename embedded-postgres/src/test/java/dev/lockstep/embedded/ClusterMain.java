package dev.lockstep.embedded;

import dev.lockstep.embedded.process.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM that starts its own shared PostgreSQL and reports where it lives, for the cleanup tests: {@code EXIT}
 * on standard input makes it exit normally (shutdown hooks run).
 */
public final class ClusterMain {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private ClusterMain() {}

    /** Starts this main class in a JVM of its own, with {@code environment} on top of this JVM's. */
    static JavaProcess start(String name, Map<String, String> environment) {
        JavaProcess.Builder builder = JavaProcess.builder(ClusterMain.class).name(name);
        environment.forEach(builder::env);
        return builder.start();
    }

    /** The first group of the first output line that matches {@code regex}, waiting for it up to the timeout. */
    static String awaitValue(JavaProcess child, String regex) {
        Pattern pattern = Pattern.compile(regex);
        String line = child.awaitLine(regex, TIMEOUT).orElseThrow(() -> new IllegalStateException(
                "no line matching " + regex + " from " + child + "; its output:\n" + child.output()));
        Matcher matcher = pattern.matcher(line);
        if (!matcher.find()) {
            throw new IllegalStateException(line + " does not match " + regex);
        }
        return matcher.group(1);
    }

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

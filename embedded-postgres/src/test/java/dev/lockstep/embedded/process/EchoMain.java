package dev.lockstep.embedded.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM for {@link JavaProcessTest}: prints its arguments and the length of {@code ECHO_SECRET} (never the
 * value), then obeys its standard input: {@code ECHO text} prints {@code ECHO text}, {@code EXIT n} exits with n.
 */
public final class EchoMain {
    private EchoMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("ARGS " + String.join(",", args));
        String secret = System.getenv("ECHO_SECRET");
        System.out.println("SECRET LENGTH " + (secret == null ? -1 : secret.length()));
        System.err.println("STDERR TOO");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("ECHO ")) {
                System.out.println(line);
            } else if (line.startsWith("EXIT ")) {
                System.exit(Integer.parseInt(line.substring(5).strip()));
            }
        }
        System.exit(3);
    }
}

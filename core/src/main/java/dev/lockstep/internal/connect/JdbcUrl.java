package dev.lockstep.internal.connect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A pgjdbc URL as the driver itself reads it ({@link Driver#parseURL}): hosts and ports, database and parameters,
 * percent-decoded, a {@code service=} resolved from the service file. Where pgjdbc accepts what cannot name a server
 * (an IPv6 address without brackets, an unclosed bracket) this refuses it; IPv6 hosts lose their brackets.
 *
 * @param database empty when the URL names none (pgjdbc then connects to the user's namesake)
 * @param parameters every parameter but host, port and database, the last of a repeated one winning
 */
public record JdbcUrl(List<String> hosts, List<String> ports, String database, Map<String, String> parameters) {
    private static final String PREFIX = "jdbc:postgresql:";

    public JdbcUrl {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
        parameters = Map.copyOf(parameters);
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException saying why the URL is not one pgjdbc can connect with; the message never quotes
     *     the URL, which may hold a password
     */
    public static JdbcUrl parse(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("it does not start with " + PREFIX);
        }
        Properties parsed;
        try {
            parsed = Driver.parseURL(url, null);
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw new IllegalArgumentException("the PostgreSQL JDBC driver cannot parse it either (a port that is not"
                    + " a number from 1 to 65535, no / after the hosts, a bad percent-encoding, an unknown service)");
        }
        List<String> hosts = new ArrayList<>();
        for (String host : split(parsed.getProperty(PGProperty.PG_HOST.getName()))) {
            hosts.add(host(host));
        }
        List<String> ports = split(parsed.getProperty(PGProperty.PG_PORT.getName()));
        if (hosts.size() != ports.size()) {
            throw new IllegalArgumentException("it names " + hosts.size() + " hosts and " + ports.size() + " ports");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String name : parsed.stringPropertyNames()) {
            parameters.put(name, parsed.getProperty(name));
        }
        String database = parameters.remove(PGProperty.PG_DBNAME.getName());
        parameters.remove(PGProperty.PG_HOST.getName());
        parameters.remove(PGProperty.PG_PORT.getName());
        return new JdbcUrl(hosts, ports, database == null ? "" : database, parameters);
    }

    /** A parameter's value, null when the URL does not set it. */
    public @Nullable String parameter(String name) {
        return parameters.get(name);
    }

    /** {@code host}, or {@code [v6]} without brackets, as libpq and most tools take it. */
    private static String host(String host) {
        if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
            return host.substring(1, host.length() - 1);
        }
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw new IllegalArgumentException("an IPv6 address must be written [address] or [address]:port");
        }
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a host holds a colon: write IPv6 addresses in brackets");
        }
        return host.isEmpty() ? "localhost" : host;
    }

    private static List<String> split(@Nullable String list) {
        return list == null ? List.of() : Arrays.asList(list.split(",", -1));
    }
}

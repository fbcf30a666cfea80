package dev.lockstep.internal.connect;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.common.BaseDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the JDBC URL and credentials behind a DataSource, so that Lockstep opens its lock connection and runs pg_dump
 * with the application's own login and no {@code connectionDetails(...)}. It reads, in this order:
 * <ol>
 *   <li>the DataSource's own bean getters: pgjdbc's {@code getUrl/getUser/getPassword}, HikariCP's
 *       {@code getJdbcUrl/getUsername/getPassword};</li>
 *   <li>the DataSource a pool or proxy wraps: HikariCP's {@code getDataSource()} (set with {@code setDataSource}),
 *       Spring's {@code getTargetDataSource()}, or JDBC's {@code unwrap} to pgjdbc's DataSource (a started pool);</li>
 *   <li>HikariCP's {@code dataSourceClassName} with its data-source properties ({@code serverName}, {@code portNumber},
 *       {@code databaseName}, {@code user}, {@code password} or {@code url}, ...): when the class is one of pgjdbc's
 *       DataSources, Lockstep builds one the way HikariCP does (a setter per property) and reads it.</li>
 * </ol>
 * A pool's own username and password win over the wrapped DataSource's, as they do when the pool connects. Only
 * pgjdbc's DataSource classes are ever instantiated. Nothing here logs a password.
 */
final class DataSourceCredentials {
    private static final Logger log = LoggerFactory.getLogger(DataSourceCredentials.class);
    private static final String POSTGRESQL_URL = "jdbc:postgresql:";
    /** Wrappers of wrappers are rare; the limit only guards against a DataSource that returns itself. */
    private static final int MAX_DEPTH = 4;

    private DataSourceCredentials() {}

    static Optional<ConnectionDetails> of(DataSource dataSource) {
        return find(dataSource, 0);
    }

    private static Optional<ConnectionDetails> find(Object dataSource, int depth) {
        String url = string(dataSource, "getJdbcUrl", "getUrl", "getURL");
        if (url != null) {
            return url.startsWith(POSTGRESQL_URL)
                    ? Optional.of(new ConnectionDetails(url, string(dataSource, "getUsername", "getUser"),
                            string(dataSource, "getPassword")))
                    : Optional.empty();
        }
        Object wrapped = depth < MAX_DEPTH ? wrapped(dataSource) : null;
        if (wrapped == null || wrapped == dataSource) {
            return Optional.empty();
        }
        Optional<ConnectionDetails> found = find(wrapped, depth + 1).map(details -> withPoolLogin(dataSource, details));
        found.ifPresent(details -> log.debug("Connection details from the {} inside {}: {}",
                wrapped.getClass().getName(), dataSource.getClass().getName(), details));
        return found;
    }

    /** The pool connects with its own username and password when it has them: {@code getConnection(user, password)}. */
    private static ConnectionDetails withPoolLogin(Object pool, ConnectionDetails wrapped) {
        String user = string(pool, "getUsername");
        return user == null ? wrapped : new ConnectionDetails(wrapped.jdbcUrl(), user, string(pool, "getPassword"));
    }

    private static @Nullable Object wrapped(Object dataSource) {
        Object target = invoke(dataSource, DataSource.class, "getDataSource", "getTargetDataSource");
        if (target != null) {
            return target;
        }
        if (dataSource instanceof DataSource jdbc) {
            try {
                if (jdbc.isWrapperFor(BaseDataSource.class)) {
                    return jdbc.unwrap(BaseDataSource.class);
                }
            } catch (Exception e) {
                log.debug("{} does not unwrap: {}", dataSource.getClass().getName(), Redactor.redact(e.getMessage()));
            }
        }
        return fromClassName(dataSource);
    }

    /** pgjdbc's DataSource as a pool configured with {@code dataSourceClassName} and properties builds it. */
    private static @Nullable Object fromClassName(Object pool) {
        String className = string(pool, "getDataSourceClassName");
        if (className == null) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className, false, BaseDataSource.class.getClassLoader());
            if (!BaseDataSource.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
                return null;
            }
            Object built = type.getConstructor().newInstance();
            Object properties = invoke(pool, Properties.class, "getDataSourceProperties");
            if (properties != null) {
                for (Map.Entry<Object, Object> property : ((Properties) properties).entrySet()) {
                    set(built, String.valueOf(property.getKey()), property.getValue());
                }
            }
            return built;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.debug("cannot build the {} that {} is configured with: {}", className, pool.getClass().getName(),
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** Sets one property with its bean setter, converting text as HikariCP does; a property without one is skipped. */
    private static void set(Object target, String name, @Nullable Object value) {
        if (name.isEmpty() || value == null) {
            return;
        }
        String setter = "set" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(setter) && method.getParameterCount() == 1) {
                Object argument = convert(value, method.getParameterTypes()[0]);
                if (argument != null) {
                    try {
                        method.invoke(target, argument);
                        return;
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        // The value does not suit this overload (the pool will say so when it connects): try the next.
                    }
                }
            }
        }
        log.debug("no setter for the data-source property {} on {}", name, target.getClass().getName());
    }

    private static @Nullable Object convert(Object value, Class<?> type) {
        if (type.isInstance(value)) {
            return value;
        }
        String text = value.toString().strip();
        try {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(text);
            }
            if (type == long.class || type == Long.class) {
                return Long.parseLong(text);
            }
            if (type == short.class || type == Short.class) {
                return Short.parseShort(text);
            }
            if (type == boolean.class || type == Boolean.class) {
                return Boolean.parseBoolean(text);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return type == String.class ? text : null;
    }

    private static @Nullable String string(Object target, String... getters) {
        return (String) invoke(target, String.class, getters);
    }

    /** The first non-null value of a public no-argument getter returning {@code type}. */
    private static @Nullable Object invoke(Object target, Class<?> type, String... getters) {
        for (String getter : getters) {
            try {
                Method method = target.getClass().getMethod(getter);
                if (type.isAssignableFrom(method.getReturnType()) && method.getParameterCount() == 0) {
                    Object value = method.invoke(target);
                    if (value != null) {
                        return value;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not this kind of DataSource: try the next getter.
            }
        }
        return null;
    }
}

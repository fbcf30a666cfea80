package dev.lockstep.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link TestDatabase} parameters with one fresh database per top-level test class, created on first use
 * with {@link TestDatabase#create} and dropped after the class. Use it through {@link PostgresTest @PostgresTest}.
 *
 * <p>The database lives in the store of the outermost class' context, so {@code @Nested} classes find the one
 * their outer class uses, and parallel test classes each get their own.
 *
 * <p>With {@code -Dlockstep.test.keepClassDatabases=true} (the mutation profile sets it) a class keeps its database
 * for the JVM's next run of the same class: after the class only the sessions still connected to it are ended, and
 * the database goes with the server at JVM exit. PIT runs each test method as a class run of its own, once per
 * mutant, so a fresh database each time would cost a third of its time; the methods of a class share one database in
 * any run anyway.
 */
public final class PostgresExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String KEY = "database";
    private static final boolean KEEP = Boolean.getBoolean("lockstep.test.keepClassDatabases");
    private static final Map<String, TestDatabase> KEPT = new ConcurrentHashMap<>();

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext classContext = outermostClassContext(extensionContext);
        String prefix = classContext.getRequiredTestClass().getSimpleName();
        if (KEEP) {
            return KEPT.computeIfAbsent(classContext.getRequiredTestClass().getName(),
                    name -> TestDatabase.create(prefix));
        }
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> TestDatabase.create(prefix), TestDatabase.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Nested classes end before their outer class, which still uses the database.
        if (outermostClassContext(context) != context) {
            return;
        }
        if (KEEP) {
            TestDatabase kept = KEPT.get(context.getRequiredTestClass().getName());
            if (kept != null) {
                kept.endSessions();
            }
            return;
        }
        TestDatabase database = context.getStore(NAMESPACE).remove(KEY, TestDatabase.class);
        if (database != null) {
            database.close();
        }
    }

    /**
     * Climbs from a method or nested-class context to the top-level class' context: the last ancestor that still
     * has a test class (above it is the engine).
     */
    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}

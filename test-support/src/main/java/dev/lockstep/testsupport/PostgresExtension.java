package dev.lockstep.testsupport;

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
 */
public final class PostgresExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String KEY = "database";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext classContext = outermostClassContext(extensionContext);
        String prefix = classContext.getRequiredTestClass().getSimpleName();
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> TestDatabase.create(prefix), TestDatabase.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Nested classes end before their outer class, which still uses the database.
        if (outermostClassContext(context) != context) {
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

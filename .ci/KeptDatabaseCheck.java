import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs each test method of the given classes twice in a row, each time as a class run of its own, in one JVM with
 * {@code lockstep.test.keepClassDatabases=true}: what PIT does to a test between two mutants. A method that passes
 * the first time and fails the second leaves behind, on its class's kept database, something it does not clean up,
 * and would kill every later mutant it runs for. Exit code 1 names them.
 *
 * <p>Run with the core's test class path and the JUnit launcher (see docs/testing.md).
 */
public class KeptDatabaseCheck {
    public static void main(String[] classNames) throws ClassNotFoundException {
        System.setProperty("lockstep.test.keepClassDatabases", "true");
        Launcher launcher = LauncherFactory.create();
        List<String> notRepeatable = new ArrayList<>();
        int methods = 0;
        for (String className : classNames) {
            TestPlan plan = launcher.discover(request(selectClass(Class.forName(className))));
            List<TestIdentifier> tests = new ArrayList<>();
            plan.getRoots().forEach(root -> plan.getDescendants(root).stream()
                    .filter(TestIdentifier::isTest).forEach(tests::add));
            for (TestIdentifier test : tests) {
                methods++;
                String first = run(launcher, test);
                String second = run(launcher, test);
                if (first == null && second != null) {
                    notRepeatable.add(className + " " + test.getDisplayName() + ": " + second);
                }
                System.out.println((second == null ? "ok     " : first == null ? "AGAIN  " : "FAILS  ")
                        + className + " " + test.getDisplayName() + (first != null ? " (" + first + ")" : ""));
            }
        }
        System.out.println(methods + " test methods run twice; " + notRepeatable.size() + " fail only the second time");
        notRepeatable.forEach(line -> System.out.println("  " + line));
        System.exit(notRepeatable.isEmpty() ? 0 : 1);
    }

    private static LauncherDiscoveryRequest request(org.junit.platform.engine.DiscoverySelector selector) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selector)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build();
    }

    /** Runs one test as PIT does; null when it passed, else why it failed. */
    private static String run(Launcher launcher, TestIdentifier test) {
        String[] failure = new String[1];
        launcher.execute(request(selectUniqueId(test.getUniqueIdObject())), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && failure[0] == null) {
                    failure[0] = result.getThrowable().map(Throwable::toString).orElse(result.getStatus().name())
                            .lines().findFirst().orElse("");
                }
            }
        });
        return failure[0];
    }
}

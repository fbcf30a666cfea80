import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints PIT's mutations.xml as the Markdown docs/testing.md shows: the score per package, then every mutant that
 * survived or had no test, one line each. Give it report files, or directories to search for them (by default the
 * mutation profile's, one report per group). Run it with the JDK alone, after the mutation profile:
 *
 * <pre>
 * java .ci/MutationSummary.java
 * java .ci/MutationSummary.java core/target/pit-reports/run/mutations.xml
 * </pre>
 *
 * The score is PIT's: mutants detected (killed, timed out, or failing the run otherwise) over all mutants.
 */
public class MutationSummary {
    private record Mutant(String packageName, String className, String method, int line, String mutator,
            String description, String status) {
        boolean detected() {
            return !status.equals("SURVIVED") && !status.equals("NO_COVERAGE");
        }
    }

    public static void main(String[] args) throws Exception {
        List<Path> reports = new ArrayList<>();
        for (String arg : args.length > 0 ? args : new String[] {"core/target/pit-reports"}) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(file -> file.getFileName().toString().equals("mutations.xml")).sorted()
                            .forEach(reports::add);
                }
            } else if (Files.isRegularFile(path)) {
                reports.add(path);
            }
        }
        if (reports.isEmpty()) {
            System.err.println("No mutations.xml in " + String.join(", ", args.length > 0 ? args
                    : new String[] {"core/target/pit-reports"}) + ": run ./mvnw -B -ntp -Pmutation -pl core -am verify first.");
            System.exit(2);
        }
        List<Mutant> mutants = new ArrayList<>();
        for (Path report : reports) {
            mutants.addAll(read(report));
        }
        Map<String, List<Mutant>> byPackage = new TreeMap<>();
        for (Mutant mutant : mutants) {
            byPackage.computeIfAbsent(mutant.packageName(), key -> new ArrayList<>()).add(mutant);
        }
        System.out.println("| package | mutants | detected | survived | no coverage | score |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        byPackage.forEach((name, list) -> row(name, list));
        row("**all**", mutants);
        System.out.println();
        for (Mutant mutant : mutants) {
            if (!mutant.detected()) {
                System.out.printf("- `%s.%s` line %d, %s (%s): %s%n", mutant.className(), mutant.method(),
                        mutant.line(), mutant.description(), mutant.mutator(), mutant.status());
            }
        }
    }

    private static void row(String name, List<Mutant> list) {
        long detected = list.stream().filter(Mutant::detected).count();
        long survived = list.stream().filter(m -> m.status().equals("SURVIVED")).count();
        long uncovered = list.stream().filter(m -> m.status().equals("NO_COVERAGE")).count();
        System.out.printf("| %s | %d | %d | %d | %d | %d%% |%n", name, list.size(), detected, survived, uncovered,
                list.isEmpty() ? 0 : Math.round(100.0 * detected / list.size()));
    }

    private static List<Mutant> read(Path report) throws Exception {
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getElementsByTagName("mutation");
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element mutation = (Element) nodes.item(i);
            String className = text(mutation, "mutatedClass");
            int dot = className.lastIndexOf('.');
            String mutator = text(mutation, "mutator");
            mutants.add(new Mutant(className.substring(0, dot), className.substring(dot + 1),
                    text(mutation, "mutatedMethod"), Integer.parseInt(text(mutation, "lineNumber")),
                    mutator.substring(mutator.lastIndexOf('.') + 1), text(mutation, "description"),
                    mutation.getAttribute("status")));
        }
        return mutants;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}

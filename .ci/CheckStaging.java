import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release (the directory the release command deployed into, docs/releasing.md): every artifact is
 * complete and publishable, nothing unpublishable is staged, and the BOM lists exactly what is staged.
 * Run it with {@code java .ci/CheckStaging.java <staging directory>}; it prints every problem and exits 1 if any.
 */
public class CheckStaging {

    static final String GROUP_PATH = "dev/lockstep";
    static final String BOM = "lockstep-bom";
    /** Modules that exist for the build only; their artifacts must never be staged. */
    static final String NEVER_PUBLISHED = ".*(sample|benchmark|test-support|parent).*";
    static final List<String> REQUIRED_POM_ELEMENTS = List.of(
            "name", "description", "url", "licenses/license/name", "licenses/license/url", "scm/url",
            "scm/connection", "developers/developer/name");

    final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java .ci/CheckStaging.java <staging directory>");
            System.exit(2);
        }
        CheckStaging check = new CheckStaging();
        Map<String, String> staged = check.checkArtifacts(Path.of(args[0]).resolve(GROUP_PATH));
        check.checkBom(Path.of(args[0]).resolve(GROUP_PATH), staged);
        if (!check.problems.isEmpty()) {
            check.problems.forEach(problem -> System.err.println("STAGING: " + problem));
            System.err.println(check.problems.size() + " problem(s) in the staged release " + args[0]);
            System.exit(1);
        }
        System.out.println("Staged release " + args[0] + " is complete: " + staged.keySet() + " at "
                + new TreeSet<>(staged.values()));
    }

    /** Checks each staged artifact; returns artifactId to version of each one, the BOM included. */
    Map<String, String> checkArtifacts(Path groupDirectory) throws Exception {
        Map<String, String> staged = new TreeMap<>();
        if (!Files.isDirectory(groupDirectory)) {
            problems.add("nothing staged: " + groupDirectory + " does not exist");
            return staged;
        }
        for (Path artifactDirectory : list(groupDirectory, Files::isDirectory)) {
            String artifactId = artifactDirectory.getFileName().toString();
            if (artifactId.matches(NEVER_PUBLISHED)) {
                problems.add(artifactId + " is staged, but samples, benchmarks, test fixtures and parent POMs are"
                        + " never published: set maven.deploy.skip=true in its pom.xml");
            }
            for (Path versionDirectory : list(artifactDirectory, Files::isDirectory)) {
                staged.put(artifactId, versionDirectory.getFileName().toString());
                checkArtifact(artifactId, versionDirectory);
            }
        }
        if (new TreeSet<>(staged.values()).size() > 1) {
            problems.add("the staged artifacts do not share one version: " + staged);
        }
        for (String required : List.of(BOM, "lockstep-core")) {
            if (!staged.containsKey(required)) {
                problems.add(required + " is not staged");
            }
        }
        return staged;
    }

    void checkArtifact(String artifactId, Path versionDirectory) throws Exception {
        List<Path> poms = list(versionDirectory, path -> path.toString().endsWith(".pom"));
        if (poms.size() != 1) {
            problems.add(artifactId + ": expected one POM in " + versionDirectory + " (stage into an empty"
                    + " directory), found " + poms.size());
            return;
        }
        Path pom = poms.get(0);
        String base = pom.getFileName().toString().replaceFirst("\\.pom$", "");
        String text = Files.readString(pom, StandardCharsets.UTF_8);
        if (text.contains("${")) {
            problems.add(artifactId + ": the POM keeps an unresolved expression: " + excerpt(text, "${"));
        }
        Element project = parse(pom).getDocumentElement();
        for (String element : REQUIRED_POM_ELEMENTS) {
            if (child(project, element).isBlank()) {
                problems.add(artifactId + ": the POM lacks <" + element + ">");
            }
        }
        if (!child(project, "parent/artifactId").isEmpty()) {
            problems.add(artifactId + ": the POM names a parent, which is not published (flatten it)");
        }
        List<String> files = new ArrayList<>(List.of(base + ".pom"));
        String packaging = child(project, "packaging");
        if (packaging.isEmpty() || packaging.equals("jar")) {
            files.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
        }
        boolean complete = true;
        for (String file : files) {
            Path path = versionDirectory.resolve(file);
            if (!Files.isRegularFile(path)) {
                problems.add(artifactId + ": " + file + " is missing");
                complete = false;
                continue;
            }
            for (String checksum : List.of(".sha1", ".md5")) {
                if (!Files.isRegularFile(versionDirectory.resolve(file + checksum))) {
                    problems.add(artifactId + ": " + file + checksum + " is missing");
                }
            }
        }
        if (complete && files.size() > 1) {
            checkJars(artifactId, versionDirectory, base);
        }
    }

    void checkJars(String artifactId, Path directory, String base) throws IOException {
        try (JarFile jar = new JarFile(directory.resolve(base + ".jar").toFile())) {
            boolean named = jar.getEntry("module-info.class") != null
                    || jar.getManifest() != null
                    && jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name") != null;
            if (!named) {
                problems.add(artifactId + ": the jar has neither module-info.class nor an Automatic-Module-Name");
            }
        }
        try (JarFile sources = new JarFile(directory.resolve(base + "-sources.jar").toFile())) {
            if (sources.stream().noneMatch(entry -> entry.getName().endsWith(".java"))) {
                problems.add(artifactId + ": the sources jar holds no .java file");
            }
        }
        try (JarFile javadoc = new JarFile(directory.resolve(base + "-javadoc.jar").toFile())) {
            if (javadoc.getEntry("index.html") == null) {
                problems.add(artifactId + ": the javadoc jar holds no index.html");
            }
        }
    }

    /** The BOM manages every staged artifact but itself, at the staged version, and nothing else. */
    void checkBom(Path groupDirectory, Map<String, String> staged) throws Exception {
        if (!staged.containsKey(BOM)) {
            return;
        }
        List<Path> poms = list(groupDirectory.resolve(BOM).resolve(staged.get(BOM)),
                path -> path.toString().endsWith(".pom"));
        if (poms.size() != 1) {
            return; // reported by checkArtifact
        }
        Map<String, String> managed = new TreeMap<>();
        Element project = parse(poms.get(0)).getDocumentElement();
        Node dependencies = element(element(project, "dependencyManagement"), "dependencies");
        for (Node node = dependencies == null ? null : dependencies.getFirstChild(); node != null;
                node = node.getNextSibling()) {
            if (node instanceof Element dependency && dependency.getTagName().equals("dependency")) {
                if (!child(dependency, "groupId").equals("dev.lockstep")) {
                    problems.add(BOM + " manages " + child(dependency, "groupId") + ":"
                            + child(dependency, "artifactId") + ", which is not a Lockstep artifact");
                }
                managed.put(child(dependency, "artifactId"), child(dependency, "version"));
            }
        }
        Map<String, String> expected = new TreeMap<>(staged);
        expected.remove(BOM);
        for (var entry : expected.entrySet()) {
            if (!managed.containsKey(entry.getKey())) {
                problems.add(BOM + " does not manage the staged " + entry.getKey() + ": add it to bom/pom.xml");
            } else if (!managed.get(entry.getKey()).equals(entry.getValue())) {
                problems.add(BOM + " manages " + entry.getKey() + " at " + managed.get(entry.getKey())
                        + ", but " + entry.getValue() + " is staged");
            }
        }
        for (String artifactId : managed.keySet()) {
            if (!expected.containsKey(artifactId)) {
                problems.add(BOM + " manages " + artifactId + ", which is not staged: publish it or remove it"
                        + " from bom/pom.xml");
            }
        }
    }

    static List<Path> list(Path directory, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.filter(filter).sorted().toList();
        }
    }

    static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of the element at a slash-separated path below {@code parent}, or "" if there is none. */
    static String child(Element parent, String path) {
        Element current = parent;
        for (String name : path.split("/")) {
            current = element(current, name);
            if (current == null) {
                return "";
            }
        }
        return current.getTextContent().trim();
    }

    static Element element(Element parent, String name) {
        for (Node node = parent == null ? null : parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    static String excerpt(String text, String marker) {
        int at = text.indexOf(marker);
        return text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 40)).replace('\n', ' ').strip();
    }
}

package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * Every manifest of docs/kubernetes.md and docs/runbook-restore.md is well-formed YAML and would work as written:
 * probes on the samples' real endpoints and ports, selectors that match their pods, Lockstep's variables spelled as
 * settings with valid values, passwords only from Secrets, and the CLI's arguments accepted by the CLI.
 */
class KubernetesManifestsTest {
    private static final List<Path> DOCS = List.of(Path.of("..", "docs", "kubernetes.md"),
            Path.of("..", "docs", "runbook-restore.md"));
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Set<String> SPRING_PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");
    private static final Set<String> QUARKUS_PROBES = Set.of("/q/health/started", "/q/health/live", "/q/health/ready");
    private static final int HTTP_PORT = 8080;
    private static final Set<String> SPRING_STARTUP = Set.of("blocking", "background", "exit");

    @Test
    void theProbeEndpointsAreTheSamplesRealOnes() throws IOException {
        String spring = Files.readString(Path.of("..", "samples", "spring-boot-app", "src", "main", "resources",
                "application.properties"));
        String quarkus = Files.readString(Path.of("..", "samples", "quarkus-app", "src", "main", "resources",
                "application.properties"));
        String quarkusPom = Files.readString(Path.of("..", "samples", "quarkus-app", "pom.xml"));

        assertThat(spring).as("/actuator/health/liveness and readiness exist")
                .contains("management.endpoint.health.probes.enabled=true").doesNotContain("server.port")
                .doesNotContain("management.server.port").doesNotContain("management.endpoints.web.base-path");
        assertThat(quarkusPom).as("/q/health/* exist").contains("<artifactId>quarkus-smallrye-health</artifactId>");
        assertThat(quarkus).doesNotContain("quarkus.http.port").doesNotContain("quarkus.http.root-path")
                .doesNotContain("quarkus.smallrye-health.root-path");
    }

    @Test
    void everyManifestParsesAndWorksAsWritten() throws IOException {
        List<Map<String, Object>> manifests = manifests();

        assertThat(manifests).as("manifests in the guide").hasSizeGreaterThanOrEqualTo(10);
        for (Map<String, Object> manifest : manifests) {
            String name = kind(manifest) + " " + name(manifest);
            assertThat(manifest).as(name).containsKeys("apiVersion", "kind", "metadata", "spec");
            switch (kind(manifest)) {
                case "Deployment" -> deployment(name, manifest);
                case "Job" -> job(name, manifest);
                case "PodDisruptionBudget" -> budget(name, manifest, manifests);
                default -> throw new AssertionError(name + ": a kind this test does not check yet");
            }
        }
    }

    private static void deployment(String name, Map<String, Object> manifest) {
        Map<String, Object> labels = map(manifest, "spec", "template", "metadata", "labels");
        assertThat(labels).as(name + " pod labels").containsAllEntriesOf(map(manifest, "spec", "selector", "matchLabels"));
        Map<String, Object> pod = map(manifest, "spec", "template", "spec");
        pod(name, pod);
        List<Map<String, Object>> containers = list(pod, "containers");
        assertThat(containers).as(name + ": the application's container has a readiness probe")
                .anyMatch(container -> container.containsKey("readinessProbe"));
    }

    private static void job(String name, Map<String, Object> manifest) {
        Map<String, Object> pod = map(manifest, "spec", "template", "spec");
        assertThat(pod.get("restartPolicy")).as(name).isIn("Never", "OnFailure");
        if (((Map<?, ?>) manifest.get("spec")).containsKey("podFailurePolicy")) {
            assertThat(pod.get("restartPolicy")).as(name + ": podFailurePolicy needs").isEqualTo("Never");
            for (Map<String, Object> rule : list(map(manifest, "spec", "podFailurePolicy"), "rules")) {
                Map<String, Object> codes = map(rule, "onExitCodes");
                assertThat(list(pod, "containers")).extracting(container -> container.get("name"))
                        .contains(codes.get("containerName"));
                assertThat((List<?>) codes.get("values")).as(name + ": exit codes the CLI uses")
                        .allSatisfy(code -> assertThat((Integer) code).isBetween(1, ExitStatus.values().length - 1));
            }
        }
        pod(name, pod);
    }

    private static void budget(String name, Map<String, Object> manifest, List<Map<String, Object>> manifests) {
        Map<String, Object> selector = map(manifest, "spec", "selector", "matchLabels");
        assertThat(manifests).as(name + " selects the pods of a Deployment of the guide")
                .anyMatch(other -> kind(other).equals("Deployment")
                        && map(other, "spec", "template", "metadata", "labels").entrySet().containsAll(selector.entrySet()));
    }

    private static void pod(String name, Map<String, Object> pod) {
        List<Map<String, Object>> containers = new ArrayList<>(list(pod, "containers"));
        if (pod.containsKey("initContainers")) {
            containers.addAll(list(pod, "initContainers"));
        }
        for (Map<String, Object> container : containers) {
            String where = name + " container " + container.get("name");
            assertThat(container).as(where).containsKeys("name", "image");
            probes(where, container);
            environment(where, container);
            if (((String) container.get("image")).contains("lockstep-cli")) {
                cliArguments(where, container);
            }
        }
    }

    private static void probes(String where, Map<String, Object> container) {
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            if (!container.containsKey(probe)) {
                continue;
            }
            Map<String, Object> http = map(container, probe, "httpGet");
            paths.add((String) http.get("path"));
            Object port = http.get("port");
            if (port instanceof String named) {
                assertThat(list(container, "ports")).as(where + " " + probe + " port " + named)
                        .anyMatch(declared -> named.equals(declared.get("name"))
                                && Integer.valueOf(HTTP_PORT).equals(declared.get("containerPort")));
            } else {
                assertThat(port).as(where + " " + probe + " port").isEqualTo(HTTP_PORT);
            }
        }
        if (!paths.isEmpty()) {
            assertThat(SPRING_PROBES.containsAll(paths) || QUARKUS_PROBES.containsAll(paths))
                    .as(where + ": probes " + paths + " are all Spring Boot's " + SPRING_PROBES + " or all Quarkus' "
                            + QUARKUS_PROBES).isTrue();
        }
    }

    private static void environment(String where, Map<String, Object> container) {
        if (!container.containsKey("env")) {
            return;
        }
        for (Map<String, Object> variable : list(container, "env")) {
            String name = (String) variable.get("name");
            if (name.contains("PASSWORD")) {
                assertThat(variable).as(where + " " + name + " comes from a Secret").doesNotContainKey("value");
                assertThat(map(variable, "valueFrom")).containsKey("secretKeyRef");
                continue;
            }
            String value = String.valueOf(variable.get("value"));
            if (name.equals("LOCKSTEP_STARTUP")) {
                assertThat(value).as(where + " " + name).isIn(SPRING_STARTUP);
            } else if (name.startsWith("LOCKSTEP_") || name.startsWith("QUARKUS_LOCKSTEP_")) {
                String environmentName = name.replaceFirst("^QUARKUS_", "");
                if (LockstepSettings.reservedEnvironmentVariables().contains(environmentName)) {
                    continue;
                }
                Optional<Setting<?>> setting = LockstepSettings.all().stream()
                        .filter(candidate -> candidate.environmentName().equals(environmentName)).findFirst();
                assertThat(setting).as(where + ": " + name + " names a setting").isPresent();
                assertThatCode(() -> setting.get().parse(value)).as(where + " " + name + "=" + value)
                        .doesNotThrowAnyException();
            }
        }
    }

    private static void cliArguments(String where, Map<String, Object> container) {
        List<String> args = ((List<?>) container.get("args")).stream().map(String::valueOf).toList();
        ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        assertThat(command.commandSpec().userObject()).as(where + " runs a command: " + args)
                .isInstanceOf(LeafCommand.class);
    }

    private static List<Map<String, Object>> manifests() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Path doc : DOCS) {
            Matcher block = YAML_BLOCK.matcher(Files.readString(doc));
            while (block.find()) {
                try (MappingIterator<Map<String, Object>> documents = yaml.readerForMapOf(Object.class)
                        .readValues(block.group(1))) {
                    manifests.addAll(documents.readAll());
                }
            }
        }
        return manifests;
    }

    private static String kind(Map<String, Object> manifest) {
        return String.valueOf(manifest.get("kind"));
    }

    private static String name(Map<String, Object> manifest) {
        Map<String, Object> metadata = map(manifest, "metadata");
        return String.valueOf(metadata.containsKey("name") ? metadata.get("name") : metadata.get("generateName"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("." + String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        assertThat(current).as("." + String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
        assertThat(node.get(key)).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) node.get(key);
    }
}

package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/** The distribution as package leaves it: the launcher, its libraries, the zip, help for every command. */
class DistributionIT {
    @TempDir
    Path dir;

    @Test
    void theZipHoldsTheSameTreeAsTheUnpackedDistribution() throws IOException {
        Cli.assertLauncherBuilt();
        String name = Cli.HOME.getFileName().toString();
        Path zip = Cli.HOME.resolveSibling(name + ".zip");
        List<String> unpacked;
        try (Stream<Path> files = Files.walk(Cli.HOME)) {
            unpacked = files.filter(Files::isRegularFile).map(file -> name + "/" + Cli.HOME.relativize(file))
                    .sorted().toList();
        }
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> zipped = archive.stream().filter(entry -> !entry.isDirectory()).map(entry -> entry.getName())
                    .sorted().toList();
            assertThat(zipped).isEqualTo(unpacked).contains(name + "/bin/lockstep")
                    .anyMatch(entry -> entry.matches(name + "/lib/lockstep-cli-.*\\.jar"))
                    .anyMatch(entry -> entry.matches(name + "/lib/picocli-4\\.7\\.7\\.jar"));
        }
        assertThat(Cli.LAUNCHER).isExecutable();
    }

    @Test
    void theLauncherFindsItsLibrariesThroughASymlink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("lockstep"), Cli.LAUNCHER);

        Cli.Result result = Cli.lockstep("--version").via(link).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("lockstep 0.1.0").contains("Flyway 13.").contains("Java 17");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : commands(Main.commandLine().getCommandSpec(), "")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");

            Cli.Result result = Cli.lockstep(args.toArray(String[]::new)).run();

            assertThat(result.exitCode()).as(command + ": " + result).isZero();
            assertThat(result.stdout()).as(command).startsWith("Usage: lockstep " + command).contains("Examples:");
        }
    }

    @Test
    void noCommandHasAPasswordOption() {
        assertThat(options(Main.commandLine().getCommandSpec())).isNotEmpty().contains("--password-file")
                .noneMatch(option -> option.equals("--password") || option.equals("-p"));
    }

    @Test
    void aJavaHomeWithoutJavaIsNamed() {
        Cli.Result result = Cli.lockstep("--version").env("JAVA_HOME", dir.toString()).run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("lockstep: JAVA_HOME is " + dir + ", but " + dir + "/bin/java is not an"
                + " executable. Point JAVA_HOME at a Java 17 (or newer) installation, or unset it to use the java on"
                + " the PATH.\n");
    }

    private static List<String> commands(CommandSpec spec, String prefix) {
        List<String> names = new java.util.ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (!name.equals("generate-completion")) {
                String qualified = prefix + name;
                if (sub.getSubcommands().isEmpty()) {
                    names.add(qualified);
                } else {
                    names.add(qualified);
                    names.addAll(commands(sub.getCommandSpec(), qualified + " "));
                }
            }
        });
        return names;
    }

    private static List<String> options(CommandSpec spec) {
        List<String> names = new java.util.ArrayList<>();
        spec.options().forEach(option -> names.addAll(List.of(option.names())));
        spec.subcommands().values().forEach(sub -> names.addAll(options(sub.getCommandSpec())));
        return names;
    }
}

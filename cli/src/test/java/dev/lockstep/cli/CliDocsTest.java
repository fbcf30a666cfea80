package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** docs/cli.md says what the code does: the exit code of every error code, a section for every command. */
class CliDocsTest {
    private static final Path DOC = Path.of("..", "docs", "cli.md");
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| [^|]+ \\|([^|]*)\\|$", Pattern.MULTILINE);

    @Test
    void theExitCodeTableListsEveryClassAndPlacesEveryErrorCodeWhereTheCodeDoes() throws Exception {
        Map<Integer, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            rows.put(Integer.parseInt(row.group(1)), row.group(2));
        }

        assertThat(rows.keySet()).containsExactlyElementsOf(
                Arrays.stream(ExitStatus.values()).map(ExitStatus::code).toList());
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(rows.get(ExitStatus.of(code).code())).as(code + " in the row of exit code "
                    + ExitStatus.of(code).code()).contains("`" + code.name() + "`");
        }
        assertThat(rows.values().stream().mapToLong(errorCodes -> errorCodes.chars().filter(c -> c == '`').count() / 2)
                .sum()).as("each error code listed once").isEqualTo(ErrorCode.values().length);
    }

    @Test
    void everyCommandHasASectionWithAnExample() throws Exception {
        String doc = Files.readString(DOC);
        for (String command : commands(Main.commandLine().getCommandSpec(), "")) {
            assertThat(doc).as(command).contains("## `lockstep " + command + "`").contains("$ lockstep " + command + " ");
        }
    }

    private static List<String> commands(CommandSpec spec, String prefix) {
        List<String> names = new ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (name.equals("generate-completion")) {
                return;
            }
            if (sub.getSubcommands().isEmpty()) {
                names.add(prefix + name);
            } else {
                names.addAll(commands(sub.getCommandSpec(), prefix + name + " "));
            }
        });
        return names;
    }
}

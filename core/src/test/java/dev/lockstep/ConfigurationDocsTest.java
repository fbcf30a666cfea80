package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table of docs/configuration.md is the catalogue's, row for row: key, default, values, variable and description
 * as {@link LockstepSettings} declares them, so that the reference cannot drift from the code. When a setting is
 * added or changed, the failure prints the rows to paste.
 */
class ConfigurationDocsTest {
    private static final Path REFERENCE = Path.of("../docs/configuration.md");

    @Test
    void theReferenceTableListsEverySettingAsTheCatalogueDeclaresIt() throws IOException {
        List<String> expected = LockstepSettings.all().stream().map(ConfigurationDocsTest::row).toList();
        List<String> documented = Files.readAllLines(REFERENCE).stream()
                .dropWhile(line -> !line.equals("## All settings"))
                .dropWhile(line -> !line.startsWith("|"))
                .takeWhile(line -> line.startsWith("|"))
                .filter(line -> line.startsWith("| `"))
                .toList();

        assertThat(documented).as("the rows of the table in %s; expected:%n%s%n", REFERENCE.normalize(),
                String.join(System.lineSeparator(), expected)).isEqualTo(expected);
    }

    private static <T> String row(Setting<T> setting) {
        T value = setting.defaultValue();
        String text = value == null ? "" : setting.format(value);
        String defaultValue = text.isEmpty() ? "none" : "`" + text + "`";
        return "| `" + setting.keyPattern() + "` | " + defaultValue + " | " + setting.allowed() + " | `"
                + setting.environmentPattern() + "` | " + setting.doc() + " |";
    }
}

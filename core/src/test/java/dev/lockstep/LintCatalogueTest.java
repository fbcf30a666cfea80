package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lint's catalogue (src/test/resources/lint/catalogue): each dangerous migration must be flagged by its rule, on
 * its table, as WARN or ERROR; no safe migration may get a WARN or ERROR that no {@code -- lockstep:allow} comment
 * allows. Every case is planned against the same applied, populated schema ({@code V1__fixture.sql}, 2000 rows a
 * table, {@code lint.large-table-rows=1000}), and the precision and recall the catalogue gives are those docs/plan.md
 * reports. This class lints the text ({@code Lockstep.lint()}); {@link TracedCatalogueTest} makes traced plans.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LintCatalogueTest {
    private static final Path CATALOGUE = resource("/lint/catalogue");
    private static final Path PLAN_DOCS = Path.of("../docs/plan.md");

    /** One catalogue file: its migrations, and for a dangerous one the rule and table it must be flagged with. */
    record Case(String name, boolean dangerous, String rule, String relation, List<String> migrations,
            List<Boolean> outsideTransaction) {
        @Override
        public String toString() {
            return (dangerous ? "dangerous/" : "safe/") + name;
        }
    }

    final TestDatabase db;
    private final Map<Case, MigrationPlan> plans = new LinkedHashMap<>();

    LintCatalogueTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    void planEveryCaseAgainstThePopulatedFixture(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        prepare();
        Migrations fixture = Migrations.in(Files.createDirectories(dir.resolve("fixture")))
                .add("V1__fixture.sql", Files.readString(CATALOGUE.resolve("V1__fixture.sql")));
        fixture.lockstep(db).build().migrate();
        db.execute("ANALYZE");
        for (Case catalogued : cases().toList()) {
            Migrations migrations = Migrations.in(Files.createDirectories(dir.resolve(catalogued.toString())))
                    .add("V1__fixture.sql", Files.readString(CATALOGUE.resolve("V1__fixture.sql")));
            for (int i = 0; i < catalogued.migrations().size(); i++) {
                String script = "V" + (i + 2) + "__" + catalogued.name() + ".sql";
                migrations.add(script, catalogued.migrations().get(i));
                if (catalogued.outsideTransaction().get(i)) {
                    migrations.add(script + ".conf", "executeInTransaction=false\n");
                }
            }
            plans.put(catalogued, plan(migrations.lockstep(db).set(LockstepSettings.LINT_LARGE_TABLE_ROWS, 1000L)
                    .build()));
        }
    }

    /** What the database needs before the cases are planned. */
    void prepare() throws Exception {}

    /** How this class plans a case. */
    MigrationPlan plan(Lockstep lockstep) {
        return lockstep.lint();
    }

    /** The first cell of this class' row in docs/plan.md. */
    String docsRow() {
        return "lint (`Lockstep.lint()`, also the startup default)";
    }

    @Test
    void theCatalogueHoldsAtLeast25DangerousAnd25SafeMigrations() {
        assertThat(cases().filter(Case::dangerous).count()).isGreaterThanOrEqualTo(25);
        assertThat(cases().filter(c -> !c.dangerous()).count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dangerous")
    void aDangerousMigrationIsFlaggedByItsRuleOnItsTable(Case dangerous) {
        assertThat(alarms(plans.get(dangerous))).as(Views.text(plans.get(dangerous)))
                .anySatisfy(finding -> {
                    assertThat(finding.rule()).isEqualTo(dangerous.rule());
                    assertThat(String.valueOf(finding.relation())).isEqualTo(dangerous.relation());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("safe")
    void aSafeMigrationGetsNoWarningOrError(Case safe) {
        assertThat(alarms(plans.get(safe))).as(Views.text(plans.get(safe))).isEmpty();
    }

    /** The table in docs/plan.md is what this catalogue measures. */
    @Test
    void docsReportTheCataloguesPrecisionAndRecall() throws IOException {
        int dangerous = 0;
        int safe = 0;
        int caught = 0;
        int alarms = 0;
        int right = 0;
        for (Map.Entry<Case, MigrationPlan> entry : plans.entrySet()) {
            Case catalogued = entry.getKey();
            List<LintFinding> raised = alarms(entry.getValue());
            alarms += raised.size();
            if (catalogued.dangerous()) {
                dangerous++;
                long matching = raised.stream().filter(finding -> finding.rule().equals(catalogued.rule())
                        && String.valueOf(finding.relation()).equals(catalogued.relation())).count();
                right += (int) matching;
                caught += matching > 0 ? 1 : 0;
            } else {
                safe++;
            }
        }
        String row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s | %s |", docsRow(), dangerous,
                safe, caught, alarms, alarms - right,
                percent(right, alarms), percent(caught, dangerous));
        assertThat(Files.readAllLines(PLAN_DOCS)).as("docs/plan.md holds the row%n%s", row).contains(row);
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    /** The findings that would make an operator act: WARN or ERROR, not allowed by a comment. */
    private static List<LintFinding> alarms(MigrationPlan plan) {
        return plan.findings().stream().filter(f -> f.severity() != Severity.INFO && !f.suppressed()).toList();
    }

    static Stream<Case> dangerous() {
        return cases().filter(Case::dangerous);
    }

    static Stream<Case> safe() {
        return cases().filter(c -> !c.dangerous());
    }

    static Stream<Case> cases() {
        return Stream.concat(read("dangerous", true), read("safe", false));
    }

    private static Stream<Case> read(String directory, boolean dangerous) {
        try (Stream<Path> files = Files.list(CATALOGUE.resolve(directory))) {
            return files.sorted().map(file -> parse(file, dangerous)).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code -- expect: <rule> <table>} (a dangerous case; {@code -} for no table), {@code -- next migration} between
     * migrations, {@code -- conf: executeInTransaction=false} for a migration Flyway must run outside a transaction.
     */
    private static Case parse(Path file, boolean dangerous) {
        String name = file.getFileName().toString().replace(".sql", "");
        String rule = "";
        String relation = "";
        List<String> migrations = new ArrayList<>();
        List<Boolean> outside = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean currentOutside = false;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("-- expect: ")) {
                    String[] expected = line.substring("-- expect: ".length()).trim().split("\\s+");
                    rule = expected[0];
                    relation = expected[1].equals("-") ? "null" : expected[1];
                } else if (line.equals("-- next migration")) {
                    migrations.add(current.toString());
                    outside.add(currentOutside);
                    current = new StringBuilder();
                    currentOutside = false;
                } else if (line.equals("-- conf: executeInTransaction=false")) {
                    currentOutside = true;
                } else {
                    current.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        migrations.add(current.toString());
        outside.add(currentOutside);
        return new Case(name, dangerous, rule, relation, migrations, outside);
    }

    private static Path resource(String name) {
        try {
            return Path.of(LintCatalogueTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

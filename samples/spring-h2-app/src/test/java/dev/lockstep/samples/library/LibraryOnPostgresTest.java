package dev.lockstep.samples.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The same application in its {@code postgres} profile, started for real on a PostgreSQL database: Lockstep runs the
 * migration (locked, after a snapshot, recorded in {@code lockstep_runs}) and the application works on it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class LibraryOnPostgresTest {
    private static final TestDatabase DB = TestDatabase.create("library");
    private static final Path SNAPSHOTS = temporaryDirectory();

    @LocalServerPort
    int port;
    @Autowired
    BookRepository books;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        // As the profile reads them from DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD in production.
        properties.add("spring.datasource.url", DB::jdbcUrl);
        properties.add("spring.datasource.username", DB::user);
        properties.add("spring.datasource.password", DB::password);
        properties.add("lockstep.snapshot.directory", SNAPSHOTS::toString);
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @Test
    void lockstepMigratedPostgresqlAfterASnapshot() {
        assertThat(DB.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3");
        assertThat(DB.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs")).containsExactly("MIGRATED 3");
        assertThat(DB.queryString("SELECT snapshot_id FROM lockstep_runs")).startsWith("lockstep-" + DB.name());
    }

    @Test
    void theApplicationWorksOnIt() {
        books.save(new Book("The Baron in the Trees", "Italo Calvino", 1957));
        assertThat(books.findByAuthorOrderByPublishedYear("Italo Calvino")).extracting(Book::getTitle)
                .startsWith("The Baron in the Trees", "Invisible Cities");
    }

    @Test
    void healthShowsTheLockstepComponentUp() {
        String health = RestClient.create("http://localhost:" + port).get().uri("/actuator/health").retrieve()
                .body(String.class);
        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.details.database")).isEqualTo("PostgreSQL");
        assertThat(JsonPath.<String>read(health, "$.components.lockstep.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.lockstep.details.state")).isEqualTo("UP_TO_DATE");
        assertThat(JsonPath.<List<String>>read(health, "$.components.lockstep.details.pending")).isEmpty();
        assertThat(health).doesNotContain(DB.password());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("library-snapshots");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

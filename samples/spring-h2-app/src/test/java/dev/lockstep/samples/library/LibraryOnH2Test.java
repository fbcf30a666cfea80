package dev.lockstep.samples.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.lockstep.testsupport.CapturedLogs;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * The whole application on its default H2 database, started for real, with the starter on the class path: its own
 * JPA and JDBC use passes as before, Spring Boot's Flyway migrated H2, and Lockstep stepped aside saying why in one
 * INFO line, without changing the health the application reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LibraryOnH2Test {
    @LocalServerPort
    int port;
    @Autowired
    BookRepository books;
    @Autowired
    DataSource dataSource;

    @Test
    void theApplicationsOwnJpaAndJdbcUseWorks() {
        assertThat(books.count()).isGreaterThanOrEqualTo(3);
        Book added = books.save(new Book("Mr Palomar", "Italo Calvino", 1983));
        assertThat(books.findById(added.getId())).isPresent();
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM books WHERE author = 'Italo Calvino'", Long.class)).isGreaterThanOrEqualTo(3);
        assertThat(books.findByAuthorOrderByPublishedYear("Italo Calvino")).extracting(Book::getTitle)
                .startsWith("Invisible Cities", "If on a winter's night a traveler");
    }

    @Test
    void restApiServesTheCatalogue() {
        RestClient http = RestClient.create("http://localhost:" + port);
        String created = http.post().uri("/books").header("Content-Type", "application/json")
                .body("{\"title\":\"The Lathe of Heaven\",\"author\":\"Ursula K. Le Guin\",\"publishedYear\":1971}")
                .retrieve().body(String.class);
        assertThat(JsonPath.<Integer>read(created, "$.id")).isPositive();
        String books = http.get().uri("/books?author={author}", "Ursula K. Le Guin").retrieve().body(String.class);
        assertThat(JsonPath.<List<String>>read(books, "$[*].title")).contains("The Left Hand of Darkness",
                "The Lathe of Heaven");
    }

    @Test
    void bootsFlywayMigratedH2AndLockstepSteppedAsideSayingWhyOnce() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForList("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class))
                .containsExactly("1", "2", "3");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables"
                + " WHERE lower(table_name) = 'lockstep_runs'", Long.class)).isZero();
        assertThat(CapturedLogs.lines()).filteredOn(line -> line.contains("Lockstep steps aside")).singleElement()
                .asString().startsWith("INFO dev.lockstep.spring.LockstepStartup - Lockstep steps aside: the"
                        + " migration's database is H2 2.")
                .contains("not PostgreSQL, so Spring Boot's Flyway migrates it as it would without Lockstep");
    }

    @Test
    void healthStaysTheApplicationsAndSaysWhyLockstepSteppedAside() {
        RestClient http = RestClient.create("http://localhost:" + port);
        String health = http.get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.details.database")).isEqualTo("H2");
        assertThat(JsonPath.<String>read(health, "$.components.lockstep.status")).isEqualTo("UNKNOWN");
        assertThat(JsonPath.<String>read(health, "$.components.lockstep.details.message"))
                .startsWith("Lockstep steps aside: the migration's database is H2 2.");
        assertThat(JsonPath.<String>read(http.get().uri("/actuator/health/readiness").retrieve().body(String.class),
                "$.status")).isEqualTo("UP");
        String endpoint = http.get().uri("/actuator/lockstep").retrieve().body(String.class);
        assertThat(JsonPath.<Map<String, Object>>read(endpoint, "$")).containsOnlyKeys("message", "startup");
    }
}

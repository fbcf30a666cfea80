package dev.lockstep.samples.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.Lockstep;
import dev.lockstep.spring.LockstepStartup;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.ApplicationContext;

/**
 * The application's own JPA test, as it was before the starter: a JPA slice on H2 with the Flyway schema. Slices
 * load only their own auto-configurations, so the starter is not part of it at all.
 */
@DataJpaTest
class BookRepositoryTest {
    @Autowired
    BookRepository books;
    @Autowired
    ApplicationContext context;

    @Test
    void theSliceDoesNotLoadTheStarter() {
        assertThat(context.getBeanNamesForType(Lockstep.class)).isEmpty();
        assertThat(context.getBeanNamesForType(LockstepStartup.class)).isEmpty();
        assertThat(context.getBeanNamesForType(Flyway.class)).as("Boot's Flyway is in the slice").hasSize(1);
    }

    @Test
    void findsAnAuthorsBooksInOrder() {
        assertThat(books.findByAuthorOrderByPublishedYear("Italo Calvino")).extracting(Book::getTitle)
                .containsExactly("Invisible Cities", "If on a winter's night a traveler");
    }

    @Test
    void savesABook() {
        Book saved = books.save(new Book("The Dispossessed", "Ursula K. Le Guin", 1974));
        assertThat(saved.getId()).isNotNull();
        assertThat(books.findByAuthorOrderByPublishedYear("Ursula K. Le Guin")).extracting(Book::getPublishedYear)
                .containsExactly(1969, 1974);
    }
}

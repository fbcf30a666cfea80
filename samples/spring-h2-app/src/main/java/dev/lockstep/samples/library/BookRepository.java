package dev.lockstep.samples.library;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The catalogue. */
public interface BookRepository extends JpaRepository<Book, Long> {

    List<Book> findByAuthorOrderByPublishedYear(String author);
}

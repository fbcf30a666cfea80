package dev.lockstep.samples.library;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /books}, {@code GET /books?author=...}, {@code POST /books}. */
@RestController
class BooksController {
    private final BookRepository books;

    BooksController(BookRepository books) {
        this.books = books;
    }

    record NewBook(String title, String author, Integer publishedYear) {}

    @GetMapping("/books")
    List<Book> list(@RequestParam(name = "author", required = false) String author) {
        return author == null ? books.findAll() : books.findByAuthorOrderByPublishedYear(author);
    }

    @PostMapping("/books")
    @ResponseStatus(HttpStatus.CREATED)
    Book add(@RequestBody NewBook book) {
        return books.save(new Book(book.title(), book.author(), book.publishedYear()));
    }
}

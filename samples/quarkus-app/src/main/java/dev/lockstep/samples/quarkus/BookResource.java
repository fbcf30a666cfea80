package dev.lockstep.samples.quarkus;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** {@code GET /books}, {@code GET /books/{id}} and {@code POST /books} over the schema Lockstep migrated. */
@Path("/books")
public class BookResource {

    /** What the API shows of a book. */
    public record BookView(long id, String title, String author, Integer publishedYear) {
        static BookView of(Book book) {
            return new BookView(book.id, book.title, book.author.name, book.publishedYear);
        }
    }

    /** What a client sends to add a book. */
    public record NewBook(String title, long authorId, Integer publishedYear) {}

    @GET
    public List<BookView> list() {
        return Book.<Book>listAll().stream().map(BookView::of).toList();
    }

    @GET
    @Path("/{id}")
    public BookView get(long id) {
        Book book = Book.findById(id);
        if (book == null) {
            throw new NotFoundException("No book " + id);
        }
        return BookView.of(book);
    }

    @POST
    @Transactional
    public Response add(NewBook request) {
        Author author = Author.findById(request.authorId());
        if (author == null) {
            throw new NotFoundException("No author " + request.authorId());
        }
        Book book = new Book();
        book.title = request.title();
        book.author = author;
        book.publishedYear = request.publishedYear();
        book.persist();
        return Response.created(URI.create("/books/" + book.id)).entity(BookView.of(book)).build();
    }
}

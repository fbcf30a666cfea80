package dev.lockstep.samples.spring;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** GET and POST against a running sample, and polling with a deadline. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    Http(int port) {
        this.port = port;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Polls GET until the response matches; a refused connection counts as not yet. */
    Response await(String path, Predicate<Response> condition, Duration timeout) {
        AtomicReference<Response> last = new AtomicReference<>();
        try {
            return Awaitility.await("GET " + path).atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        last.set(getOrRefused(path));
                        return last.get();
                    }, condition::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("GET " + path + " on port " + port + " did not reach the expected answer within "
                    + timeout + "; last answer: " + last.get(), e);
        }
    }

    private Response getOrRefused(String path) {
        try {
            return get(path);
        } catch (AssertionError notListeningYet) {
            return new Response(0, String.valueOf(notListeningYet.getMessage()));
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("Request to port " + port + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    record Response(int status, String body) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }
    }
}

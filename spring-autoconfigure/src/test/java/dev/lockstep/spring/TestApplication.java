package dev.lockstep.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A whole web application with the starter and actuator, on a free port, and an HTTP client for it. */
final class TestApplication implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private TestApplication(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Starts it; a startup failure is thrown as Spring Boot throws it. */
    static TestApplication start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0",
                "management.endpoints.web.exposure.include=health,lockstep,metrics",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.show-components=always",
                "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        // As command-line arguments: they win over every other property source, as in a test they should.
        return new TestApplication(new SpringApplicationBuilder(App.class)
                .run(all.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    /** GET on the application; the body and the HTTP status. */
    Response get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during GET " + path, e);
        }
    }

    /** Polls GET until the response matches, or fails with the last response after the timeout. */
    Response await(String path, Predicate<Response> condition, Duration timeout) {
        AtomicReference<Response> last = new AtomicReference<>();
        try {
            return Awaitility.await("GET " + path).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(get(path));
                        return last.get();
                    }, condition::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("GET " + path + " did not reach the expected answer within " + timeout
                    + "; last answer: " + last.get(), e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** The application: nothing but auto-configuration. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}

    record Response(int status, String body) {
        <T> T json(String path) {
            return com.jayway.jsonpath.JsonPath.read(body, path);
        }
    }
}

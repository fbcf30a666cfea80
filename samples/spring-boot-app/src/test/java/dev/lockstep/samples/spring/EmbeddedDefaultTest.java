package dev.lockstep.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as the README runs it: no SPRING_DATASOURCE_URL, so it starts its throwaway PostgreSQL, migrates it
 * through the starter and serves health and its REST API.
 */
class EmbeddedDefaultTest {
    private static ConfigurableApplicationContext app;
    private static Http http;

    @BeforeAll
    static void start() {
        assertThat(System.getenv("SPRING_DATASOURCE_URL")).as("this test is about the embedded default").isNull();
        app = SpringApplication.run(OrdersApplication.class, "--server.port=0");
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void healthShowsTheMigratedSchema() {
        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.<String>json("$.components.lockstep.status")).isEqualTo("UP");
        assertThat(health.<String>json("$.components.lockstep.details.state")).isEqualTo("UP_TO_DATE");
        assertThat(health.<String>json("$.components.lockstep.details.currentVersion")).isEqualTo("6");
        assertThat(health.<String>json("$.components.lockstep.details.lastRun.outcome")).isEqualTo("MIGRATED");
    }

    @Test
    void probesAnswer() {
        assertThat(http.await("/actuator/health/readiness", r -> r.status() == 200, Duration.ofSeconds(10))
                .<String>json("$.status")).isEqualTo("UP");
        assertThat(http.get("/actuator/health/liveness").<String>json("$.status")).isEqualTo("UP");
    }

    @Test
    void ordersCanBePlacedOnTheMigratedSchema() {
        Http.Response customer = http.post("/customers", "{\"email\":\"grace@example.com\",\"name\":\"Grace\"}");
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        int customerId = customer.json("$.id");
        Http.Response order = http.post("/orders",
                "{\"customerId\":" + customerId + ",\"lines\":[{\"productId\":2,\"quantity\":3}]}");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        assertThat(order.<String>json("$.status")).isEqualTo("placed");
        assertThat(order.<Integer>json("$.totalCents")).isEqualTo(7500);
        assertThat(http.post("/orders", "{\"customerId\":" + customerId + ",\"lines\":[{\"productId\":99,\"quantity\":1}]}")
                .status()).isEqualTo(400);
    }
}

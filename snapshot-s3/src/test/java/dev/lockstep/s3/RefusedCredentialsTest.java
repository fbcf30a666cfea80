package dev.lockstep.s3;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_BUCKET;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_ENDPOINT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PATH_STYLE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_STORAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lockstep.ErrorCode;
import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.SnapshotStorage;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials the store refuses fail the run before anything is migrated, with a message that says so and names the
 * chain that supplies them. S3Mock accepts every signature, so the store here is a stand-in that answers each request
 * as S3 answers a wrong key: HTTP 403 with S3's XML error body (none to a HEAD, as S3 does).
 */
@PostgresTest
class RefusedCredentialsTest {
    private final TestDatabase db;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer store;
    private String errorCode;
    @TempDir
    Path migrations;

    RefusedCredentialsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void freshDatabaseAndARefusingStore() throws IOException {
        S3Server.endpoint(); // the default chain's credentials (system properties) and their secret, registered
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        Files.writeString(migrations.resolve("V1__customers.sql"), "CREATE TABLE customers (id bigint PRIMARY KEY);");
        store = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        store.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + errorCode + "</Code>"
                    + "<Message>The request was refused.</Message><RequestId>4442587FB7D0A2F9</RequestId>"
                    + "<HostId>stand-in</HostId></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.getResponseHeaders().set("x-amz-request-id", "4442587FB7D0A2F9");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(403, -1);
            } else {
                exchange.sendResponseHeaders(403, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        store.start();
    }

    @AfterEach
    void stopTheStore() {
        store.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"InvalidAccessKeyId", "SignatureDoesNotMatch"})
    void refusedCredentialsFailBeforeMigratingNamingTheCredentialChain(String code) {
        errorCode = code;
        Lockstep lockstep = Lockstep.configure(db.dataSource())
                .flyway(f -> f.locations("filesystem:" + migrations.toAbsolutePath()))
                .set(CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .set(SNAPSHOT_ENABLED, true)
                .set(SNAPSHOT_STORAGE, SnapshotStorage.S3)
                .set(SNAPSHOT_S3_BUCKET, S3Server.BUCKET)
                .set(SNAPSHOT_S3_ENDPOINT, "http://127.0.0.1:" + store.getAddress().getPort())
                .set(SNAPSHOT_S3_PATH_STYLE, true)
                .build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOf(LockstepException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED))
                .hasMessageContaining("the store refused the credentials (S3 error " + code + ", HTTP 403)")
                .hasMessageContaining("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE")
                .hasMessageContaining("AWS_ROLE_ARN")
                .hasMessageContaining("snapshot.s3.endpoint")
                .hasMessageNotContaining(S3Server.SECRET_KEY)
                .hasMessageNotContaining("The request was refused");

        assertThat(requests).as("requests the store answered").isNotEmpty()
                .allSatisfy(request -> assertThat(request).contains(S3Server.ACCESS_KEY)
                        .doesNotContain(S3Server.SECRET_KEY));
        assertThat(db.queryString("SELECT to_regclass('flyway_schema_history')::text")).isNull();
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
    }
}

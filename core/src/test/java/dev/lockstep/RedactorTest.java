package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/app?user=app&password=s3cret | jdbc:postgresql://db:5432/app?user=app&password=***",
        "jdbc:postgresql://db/app?password=s3cret&ssl=true | jdbc:postgresql://db/app?password=***&ssl=true",
        "jdbc:postgresql://db/app?sslpassword=s3cret | jdbc:postgresql://db/app?sslpassword=***",
        "postgresql://app:s3cret@db:5432/app | postgresql://app:***@db:5432/app",
        "host=db PASSWORD=s3cret dbname=app | host=db PASSWORD=*** dbname=app",
        "jdbc:postgresql://[::1]:5432,db2:5433/app | jdbc:postgresql://[::1]:5432,db2:5433/app",
    })
    void masksPasswordsInUrlsAndConnectionStrings(String text, String expected) {
        assertThat(Redactor.redact(text)).isEqualTo(expected);
    }

    @Test
    void masksKnownSecretsAnywhere() {
        assertThat(Redactor.redact("FATAL: odd message quoting s3cret", "s3cret")).isEqualTo("FATAL: odd message quoting ***");
    }

    @Test
    void readsConnectionDetailsFromPgjdbcDataSourceWithoutShowingThePassword() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://db.internal:6543/orders");
        dataSource.setUser("orders_app");
        dataSource.setPassword("s3cret");

        ConnectionDetails details = ConnectionDetails.of(dataSource).orElseThrow();

        assertThat(details.jdbcUrl()).startsWith("jdbc:postgresql://db.internal:6543/orders");
        assertThat(details.user()).isEqualTo("orders_app");
        assertThat(details.password()).isEqualTo("s3cret");
        assertThat(details.toString()).doesNotContain("s3cret");
    }

    @Test
    void nothingToRedactAndSecretsThatCannotBeSecrets() {
        assertThat(Redactor.redact(null)).isEmpty();
        assertThat(Redactor.redact(null, "s3cret")).isEmpty();
        assertThat(Redactor.redact("no secret here", (String) null, "", "s3cret")).isEqualTo("no secret here");
        assertThat(Redactor.redact("a s3cret and an0ther", "s3cret", "an0ther")).isEqualTo("a *** and ***");
    }

    @Test
    void theUrlForMessagesHasNoParametersAndNoPassword() {
        ConnectionDetails details = new ConnectionDetails("jdbc:postgresql://db:5432/app?ssl=true&password=s3cret",
                "app", "s3cret");
        ConnectionDetails userInfo = new ConnectionDetails("jdbc:postgresql://app:s3cret@db/app", "app", "s3cret");

        assertThat(details.redactedUrl()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(userInfo.redactedUrl()).isEqualTo("jdbc:postgresql://app:***@db/app");
        assertThat(details).hasToString("ConnectionDetails[jdbc:postgresql://db:5432/app, user=app]");
    }

    @Test
    void readsHikarisGettersAndIgnoresWhatIsNoPostgresqlDataSource() throws Exception {
        try (HikariDataSource hikari = new HikariDataSource()) {
            hikari.setJdbcUrl("jdbc:postgresql://db/orders");
            hikari.setUsername("orders_app");
            hikari.setPassword("s3cret");

            assertThat(ConnectionDetails.of(hikari)).contains(
                    new ConnectionDetails("jdbc:postgresql://db/orders", "orders_app", "s3cret"));

            hikari.setJdbcUrl("jdbc:h2:mem:orders");
            assertThat(ConnectionDetails.of(hikari)).isEmpty();
        }
        assertThat(ConnectionDetails.of(new CountingDataSource(new PGSimpleDataSource()))).isEmpty();
    }
}

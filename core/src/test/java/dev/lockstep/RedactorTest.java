package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

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
}

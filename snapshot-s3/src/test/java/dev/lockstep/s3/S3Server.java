package dev.lockstep.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-protocol server for the tests: Adobe's S3Mock, started once in this JVM on a free port, with the bucket
 * {@link #BUCKET}. The code under test reaches it through {@code snapshot.s3.endpoint} and the AWS SDK's default
 * credentials chain (the {@code aws.accessKeyId} system properties set here); {@link #client()} is the test's own
 * view of the bucket.
 */
final class S3Server {
    static final String BUCKET = "snapshots";
    static final String ACCESS_KEY = "lockstep-test-key";
    static final String SECRET_KEY = "lockstep-test-secret-7b1e0c";
    private static S3MockApplication server;

    private S3Server() {}

    static synchronized String endpoint() {
        if (server == null) {
            try {
                Path root = Files.createTempDirectory("s3mock");
                server = S3MockApplication.start(new HashMap<>(Map.of(
                        S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                        S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                        S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET,
                        S3MockApplication.PROP_ROOT_DIRECTORY, root.toString(),
                        S3MockApplication.PROP_SILENT, true))); // S3Mock edits the map
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
            System.setProperty("aws.disableEc2Metadata", "true");
            dev.lockstep.testsupport.Secrets.register(SECRET_KEY);
        }
        return "http://localhost:" + server.getHttpPort();
    }

    static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }
}

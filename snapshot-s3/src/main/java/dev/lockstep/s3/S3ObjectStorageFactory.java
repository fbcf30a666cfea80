package dev.lockstep.s3;

import dev.lockstep.LockstepSettings;
import dev.lockstep.spi.ObjectStorage;
import dev.lockstep.spi.ObjectStorageFactory;
import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@code snapshot.storage=s3}: found by the core through {@link java.util.ServiceLoader}. Credentials come from the
 * AWS SDK's default chain only (environment, system properties, profile, web identity for Kubernetes service
 * accounts, container and instance roles): no Lockstep setting holds one.
 */
public final class S3ObjectStorageFactory implements ObjectStorageFactory {

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ObjectStorage create(LockstepSettings settings) {
        S3Config config = S3Config.of(settings);
        return new S3ObjectStorage(config, memoized(() -> client(config)));
    }

    private static S3Client client(S3Config config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(config.pathStyle())
                // Checksums only where S3 requires them: stores that speak S3 (Ceph, R2, older MinIO) do not all
                // accept the newer default ones; the archive's SHA-256 is Lockstep's own check.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (config.region() != null) {
            builder.region(Region.of(config.region()));
        } else if (config.endpoint() != null) {
            builder.region(Region.US_EAST_1); // signs requests; a store at its own endpoint rarely has regions
        }
        if (config.endpoint() != null) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return builder.build();
    }

    private static <T> Supplier<T> memoized(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }
}

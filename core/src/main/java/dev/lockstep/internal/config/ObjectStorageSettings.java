package dev.lockstep.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The value types of the {@code snapshot.s3.*} settings: texts with the rules of S3 names, checked when the settings
 * are built so that a bad bucket or endpoint fails at startup, not at the first snapshot. No setting holds a
 * credential: an endpoint with a user or password in it is refused.
 */
public final class ObjectStorageSettings {
    /** Each database's snapshots under their own folder. */
    public static final String DEFAULT_PREFIX = "lockstep/<database>/";
    /** What {@code <database>} in a prefix stands for. */
    public static final String DATABASE = "<database>";
    private static final List<String> ENCRYPTIONS = List.of("AES256", "aws:kms", "aws:kms:dsse");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String SEGMENT = "(?:[A-Za-z0-9!_.*'()-]|<database>)+";
    private static final Pattern PREFIX = Pattern.compile(SEGMENT + "(?:/" + SEGMENT + ")*/");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern KMS_KEY = Pattern.compile("\\S{1,2048}");

    private ObjectStorageSettings() {}

    public static ValueType<@Nullable String> bucket() {
        return new Text("a bucket name: 3 to 63 characters of a-z, 0-9, . and -", true,
                BUCKET.asMatchPredicate());
    }

    public static ValueType<String> prefix() {
        return nonNull(new Text("a key prefix ending in / such as lockstep/<database>/, without . or .. segments, or"
                + " empty for the bucket's root", false, text -> text.isEmpty() || PREFIX.matcher(text).matches()
                        && List.of(text.split("/")).stream().noneMatch(segment -> segment.equals(".")
                                || segment.equals("..")) && text.length() <= 512));
    }

    public static ValueType<@Nullable String> region() {
        return new Text("a region name such as eu-central-1", true, REGION.asMatchPredicate());
    }

    public static ValueType<@Nullable String> endpoint() {
        return new Text("an http or https URL such as https://minio.internal:9000, without a user or password"
                + " (credentials come from the AWS SDK's default chain only)", true,
                ObjectStorageSettings::isEndpoint) {
            @Override
            public String shown(String text) {
                // user:password@ before the host is cut from any message
                int scheme = text.indexOf("://");
                int host = scheme < 0 ? 0 : scheme + 3;
                int path = text.indexOf('/', host);
                int at = text.lastIndexOf('@', (path < 0 ? text.length() : path) - 1);
                return at >= host ? text.substring(0, host) + "***@" + text.substring(at + 1) : text;
            }
        };
    }

    public static ValueType<@Nullable String> encryption() {
        return new Text("AES256, aws:kms or aws:kms:dsse, or empty for the bucket's default", true,
                ENCRYPTIONS::contains) {
            @Override
            public @Nullable String parse(String text) {
                String value = super.parse(text);
                // In S3's own spelling, whatever the case; the empty text (null) matches none and stays unset.
                return ENCRYPTIONS.stream().filter(known -> known.equalsIgnoreCase(value)).findFirst().orElse(value);
            }
        };
    }

    public static ValueType<@Nullable String> kmsKeyId() {
        return new Text("a KMS key id, alias or ARN", true, KMS_KEY.asMatchPredicate());
    }

    /** Whether {@code snapshot.s3.sse} asks for a KMS key. */
    public static boolean usesKms(@Nullable String encryption) {
        return encryption != null && encryption.startsWith("aws:kms");
    }

    private static boolean isEndpoint(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A text, trimmed; the empty text is none when {@code optional}. */
    private static class Text implements ValueType<@Nullable String> {
        private final String allowed;
        private final boolean optional;
        private final Predicate<String> valid;

        Text(String allowed, boolean optional, Predicate<String> valid) {
            this.allowed = allowed;
            this.optional = optional;
            this.valid = valid;
        }

        @Override
        public Class<?> type() {
            return String.class;
        }

        @Override
        public @Nullable String parse(String text) {
            String trimmed = text.trim();
            return optional && trimmed.isEmpty() ? null : trimmed;
        }

        @Override
        public String format(@Nullable String value) {
            return value == null ? "" : value;
        }

        @Override
        public Optional<String> problem(@Nullable String value) {
            if (value == null) {
                return optional ? Optional.empty() : Optional.of("use " + allowed);
            }
            return valid.test(value) ? Optional.empty() : Optional.of("use " + allowed);
        }

        @Override
        public String allowed() {
            return allowed;
        }
    }

    @SuppressWarnings("unchecked")
    private static ValueType<String> nonNull(ValueType<@Nullable String> type) {
        return (ValueType<String>) (ValueType<?>) type;
    }
}

package dev.lockstep.internal.connect;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Removes passwords from JDBC URLs and from any text that may quote one (driver messages, stderr). */
public final class Redactor {
    private static final String MASK = "***";
    // password=... as a URL parameter or in a key=value connection string
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password|sslpassword)=([^&;\\s]*)");
    // scheme://user:password@host
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*):([^@/\\s]*)@");

    private Redactor() {}

    /** The text with passwords in URLs and parameters masked, and every known secret masked too. */
    public static String redact(@Nullable String text, @Nullable String... secrets) {
        if (text == null) {
            return "";
        }
        String result = PASSWORD_PARAMETER.matcher(text).replaceAll("$1=" + MASK);
        result = USER_INFO.matcher(result).replaceAll("$1:" + MASK + "@");
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}

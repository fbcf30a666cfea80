package dev.lockstep.embedded;

import java.security.SecureRandom;

/** Random passwords for the accounts this module creates. */
final class Passwords {
    // Letters and digits only: no quoting needed in pgbouncer's userlist, and long enough to be unmistakable in a scan.
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}

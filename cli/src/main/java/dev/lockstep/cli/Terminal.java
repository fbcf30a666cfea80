package dev.lockstep.cli;

/**
 * Whether stdout and stderr are terminals. The launcher asks the shell ({@code [ -t 1 ]}, {@code [ -t 2 ]}) and passes
 * the answers as system properties; Java alone can only tell whether both stdin and stdout are.
 */
final class Terminal {
    private Terminal() {}

    static boolean stdout() {
        return answer("lockstep.stdout.tty");
    }

    static boolean stderr() {
        return answer("lockstep.stderr.tty");
    }

    private static boolean answer(String property) {
        String told = System.getProperty(property);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }
}

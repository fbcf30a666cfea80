package dev.lockstep.quarkus.deployment;

/** The messages of an exception and its causes, one per line: what a user reads in a failed startup's log. */
final class Messages {
    private Messages() {}

    static String of(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}

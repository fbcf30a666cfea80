package dev.lockstep.embedded.process;

/** A replica for the start-together test: prepares, waits for GO, then reports that it was released. */
public final class TogetherMain {
    private TogetherMain() {}

    public static void main(String[] args) {
        System.out.println("PREPARED");
        StartSignal.awaitGo();
        System.out.println("RELEASED");
    }
}

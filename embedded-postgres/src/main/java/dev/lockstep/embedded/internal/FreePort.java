package dev.lockstep.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port on 127.0.0.1 that nobody listens on right now. */
public final class FreePort {
    private FreePort() {}

    /**
     * Asks the kernel for an unused port and releases it. Another process may take it before the server binds it,
     * so callers that start a server retry with a new port when binding fails.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}

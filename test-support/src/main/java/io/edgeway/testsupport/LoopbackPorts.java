package io.edgeway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for servers the tests start on 127.0.0.1. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port nothing listens on now (the kernel's pick), for a server that is about to start. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

package io.edgeway.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests of {@code ./run.sh} read of the processes it started: PID files and listening ports. */
public final class RunDir {

    private RunDir() {
    }

    /** The PID in a {@code .run/NAME.pid} file. */
    public static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Whether the process is still running. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether something accepts connections on this port of 127.0.0.1. */
    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}

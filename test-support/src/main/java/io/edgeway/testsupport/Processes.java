package io.edgeway.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a process the tests started, by its handle (its PID), never by name. */
public final class Processes {

    private Processes() {
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; waits for the exit. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

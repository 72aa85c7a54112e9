package io.edgeway.emulators.support;

import java.time.Duration;

/**
 * Faults an emulator injects into its device API (never into {@code /emulator/*}); every field 0 means off.
 *
 * @param errorStatus      the status of injected errors: 500 or 503 (404 "Public URI path not registered" on F5)
 * @param errorEvery       every n-th request fails with {@code errorStatus}
 * @param errorNext        the next n requests fail with {@code errorStatus}
 * @param delayMillis      every request is answered this much later (a slow device)
 * @param hangMillis       how long a hung request is held before it is processed (longer than the client's timeout)
 * @param hangEvery        every n-th request hangs
 * @param hangNext         the next n requests hang
 * @param occupiedSessions sessions (NITRO) or tokens per user (F5) held by other clients, counted against the limits
 */
public record FaultSettings(int errorStatus, int errorEvery, int errorNext, long delayMillis, long hangMillis,
        int hangEvery, int hangNext, int occupiedSessions) {

    public FaultSettings {
        if ((errorEvery > 0 || errorNext > 0) && errorStatus != 500 && errorStatus != 503 && errorStatus != 404) {
            throw new IllegalArgumentException("errorStatus must be 500, 503 or 404, not " + errorStatus);
        }
        if ((hangEvery > 0 || hangNext > 0) && hangMillis <= 0) {
            throw new IllegalArgumentException("hangMillis must be positive when requests hang");
        }
        if (errorEvery < 0 || errorNext < 0 || delayMillis < 0 || hangMillis < 0 || hangEvery < 0 || hangNext < 0
                || occupiedSessions < 0) {
            throw new IllegalArgumentException("fault settings cannot be negative");
        }
    }

    public static FaultSettings none() {
        return new FaultSettings(0, 0, 0, 0, 0, 0, 0, 0);
    }

    public FaultSettings withErrorEvery(int status, int every) {
        return new FaultSettings(status, every, errorNext, delayMillis, hangMillis, hangEvery, hangNext, occupiedSessions);
    }

    public FaultSettings withErrorNext(int status, int count) {
        return new FaultSettings(status, errorEvery, count, delayMillis, hangMillis, hangEvery, hangNext, occupiedSessions);
    }

    public FaultSettings withDelay(Duration delay) {
        return new FaultSettings(errorStatus, errorEvery, errorNext, delay.toMillis(), hangMillis, hangEvery, hangNext,
                occupiedSessions);
    }

    public FaultSettings withHangEvery(Duration hang, int every) {
        return new FaultSettings(errorStatus, errorEvery, errorNext, delayMillis, hang.toMillis(), every, hangNext,
                occupiedSessions);
    }

    public FaultSettings withHangNext(Duration hang, int count) {
        return new FaultSettings(errorStatus, errorEvery, errorNext, delayMillis, hang.toMillis(), hangEvery, count,
                occupiedSessions);
    }

    public FaultSettings withOccupiedSessions(int count) {
        return new FaultSettings(errorStatus, errorEvery, errorNext, delayMillis, hangMillis, hangEvery, hangNext, count);
    }
}

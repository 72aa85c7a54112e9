package io.edgeway.emulators.support;

/** Decides, request by request, which of the configured faults applies; thread-safe. */
final class Faults {

    /** What happens to one request: an injected error status (0 for none), then a delay and a hang. */
    record Decision(int errorStatus, long delayMillis, long hangMillis) {
    }

    private FaultSettings settings = FaultSettings.none();

    private long requests;

    private int errorsLeft;

    private int hangsLeft;

    synchronized void set(FaultSettings newSettings) {
        settings = newSettings;
        requests = 0;
        errorsLeft = newSettings.errorNext();
        hangsLeft = newSettings.hangNext();
    }

    synchronized FaultSettings settings() {
        return settings;
    }

    synchronized Decision next() {
        requests++;
        int error = 0;
        if (errorsLeft > 0) {
            errorsLeft--;
            error = settings.errorStatus();
        }
        else if (settings.errorEvery() > 0 && requests % settings.errorEvery() == 0) {
            error = settings.errorStatus();
        }
        long hang = 0;
        if (hangsLeft > 0) {
            hangsLeft--;
            hang = settings.hangMillis();
        }
        else if (settings.hangEvery() > 0 && requests % settings.hangEvery() == 0) {
            hang = settings.hangMillis();
        }
        return new Decision(error, settings.delayMillis(), hang);
    }
}

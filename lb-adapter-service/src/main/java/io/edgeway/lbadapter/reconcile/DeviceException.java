package io.edgeway.lbadapter.reconcile;

/** A device refused or failed a call; the message says which device, what call and what the vendor answered. */
public class DeviceException extends RuntimeException {

    /** What went wrong, as far as the caller needs to know. */
    public enum Kind {

        /** The object does not exist (F5 01020036, NITRO 258). */
        NOT_FOUND(false),

        /** The object exists already (F5 01020066, NITRO 273). */
        CONFLICT(false),

        /** The device rejected the request as invalid (400, NITRO validation codes). */
        REJECTED(false),

        /** Bad credentials, or no permission. */
        AUTHENTICATION(false),

        /** No token or session to be had: the device's limit is reached (F5 token limit, NITRO 446). */
        SESSION_LIMIT(true),

        /** The session or token expired or was killed (NITRO 444/1027, F5 unknown token). */
        SESSION_EXPIRED(true),

        /** The device is busy or restarting (500, 503, endpoint not registered). */
        UNAVAILABLE(true),

        /** No answer in time, or the connection broke. */
        TIMEOUT(true),

        /** Not sent at all: this replica may not write now (it no longer leads). */
        NOT_PERMITTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final String device;

    private final Kind kind;

    public DeviceException(String device, Kind kind, String message, Throwable cause) {
        super(device + ": " + message, cause);
        this.device = device;
        this.kind = kind;
    }

    public DeviceException(String device, Kind kind, String message) {
        this(device, kind, message, null);
    }

    public String device() {
        return device;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}

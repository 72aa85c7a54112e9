package io.edgeway.emulators.support;

/** Ends the handling of a request with a vendor-shaped error response. */
public final class DeviceFailure extends RuntimeException {

    private final transient Response response;

    public DeviceFailure(Response response) {
        super("HTTP " + response.status() + ": " + response.bodyText(), null, false, false);
        this.response = response;
    }

    public Response response() {
        return response;
    }
}

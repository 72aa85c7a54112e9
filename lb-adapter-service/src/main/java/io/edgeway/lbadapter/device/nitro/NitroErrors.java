package io.edgeway.lbadapter.device.nitro;

import java.util.Set;

import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.DeviceException.Kind;
import tools.jackson.databind.JsonNode;

/** Turns a NITRO error ({@code errorcode}, {@code message}) into a {@link DeviceException}; the errorcode decides. */
final class NitroErrors {

    private static final Set<Integer> SESSION_EXPIRED = Set.of(444, 1026, 1027);

    private static final Set<Integer> SESSION_LIMIT = Set.of(445, 446, 447);

    private static final Set<Integer> NOT_FOUND = Set.of(258, 461, 463, 1208);

    private static final Set<Integer> CONFLICT = Set.of(273, 1335);

    private static final Set<Integer> AUTHENTICATION = Set.of(354, 355, 2138);

    private NitroErrors() {
    }

    static DeviceException from(String device, String method, String path, DeviceHttp.Reply reply) {
        JsonNode body = reply.json();
        int code = body.path("errorcode").asInt(0);
        String message = body.path("message").asString("");
        String text = method + " " + path + " answered " + reply.status()
                + (code != 0 ? " errorcode " + code + ": " + message : reply.body() == null ? "" : ": " + reply.body());
        return new DeviceException(device, kind(reply.status(), code), text);
    }

    static Kind kind(int status, int code) {
        if (SESSION_EXPIRED.contains(code)) {
            return Kind.SESSION_EXPIRED;
        }
        if (SESSION_LIMIT.contains(code)) {
            return Kind.SESSION_LIMIT;
        }
        if (AUTHENTICATION.contains(code) || status == 401 || status == 403) {
            return Kind.AUTHENTICATION;
        }
        if (NOT_FOUND.contains(code) || (code == 0 && status == 404)) {
            return Kind.NOT_FOUND;
        }
        if (CONFLICT.contains(code) || status == 409) {
            return Kind.CONFLICT;
        }
        // 599 is "NetScaler specific error": a refusal, not an outage.
        if (status >= 500 && status != 599) {
            return Kind.UNAVAILABLE;
        }
        return Kind.REJECTED;
    }
}

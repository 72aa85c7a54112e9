package io.edgeway.emulators.nitro;

import java.util.Map;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Response;

/** What NITRO answers on success: {@code errorcode} 0, {@code message} Done (spec B.3). */
final class NitroDone {

    private NitroDone() {
    }

    /** A new, mutable Done body, for a GET to add its list to. */
    static Map<String, Object> body() {
        return Json.object("errorcode", 0, "message", "Done", "severity", "NONE");
    }

    static Response response(int status) {
        return Response.json(status, body());
    }
}

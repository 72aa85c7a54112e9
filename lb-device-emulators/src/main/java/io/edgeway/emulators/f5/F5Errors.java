package io.edgeway.emulators.f5;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.edgeway.emulators.support.DeviceFailure;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Response;

/** The two F5 error body shapes (tm/mcpd and restjavad) and the messages the spec records for each case. */
final class F5Errors {

    private static final AtomicLong REST_OPERATION_IDS = new AtomicLong(7945900);

    private F5Errors() {
    }

    /** {@code {"code","message","errorStack":[],"apiError"}}: what mcpd answers for configuration errors. */
    static DeviceFailure tm(int code, String message, Integer apiError) {
        return new DeviceFailure(Response.json(code, apiError == null
                ? Json.object("code", code, "message", message, "errorStack", List.of())
                : Json.object("code", code, "message", message, "errorStack", List.of(), "apiError", apiError)));
    }

    /** {@code {"code","message","referer","restOperationId","kind"}}: what the REST framework itself answers. */
    static Response rest(int code, String message) {
        return Response.json(code, Json.object("code", code, "message", message, "referer", "127.0.0.1",
                "restOperationId", REST_OPERATION_IDS.incrementAndGet(), "kind", ":resterrorresponse"));
    }

    static DeviceFailure notFound(String type, String path) {
        return tm(404, "01020036:3: The requested " + type + " (" + path + ") was not found.", 3);
    }

    static DeviceFailure exists(String type, String path, String partition) {
        return tm(409, "01020066:3: The requested " + type + " (" + path + ") already exists in partition "
                + partition + ".", 3);
    }

    static DeviceFailure folderNotFound(String partition) {
        return tm(400, "The requested folder (/" + partition + ") was not found.", 26214401);
    }

    static DeviceFailure invalidValue(String property, String value) {
        return tm(400, "invalid property value \"" + property + "\":\"" + value + "\"", null);
    }

    static DeviceFailure unexpectedProperty(String item, String property, String json) {
        return tm(400, "Found unexpected json pair at configuration item /ltm/" + item + "/" + property
                + ". The json pair is \"" + property + "\":" + json + ".", 1);
    }

    static DeviceFailure badRequest(String message) {
        return tm(400, message, 26214401);
    }

    static DeviceFailure unauthorized(String message) {
        return new DeviceFailure(rest(401, message));
    }

    static Response mcpdLost() {
        return Response.json(500, Json.object("code", 500, "message", "The connection to mcpd has been lost, try again.",
                "errorStack", List.of(), "apiError", 32768001));
    }

    static Response restarting() {
        return Response.html(503, "<html><head><title>Configuration Utility restarting...</title></head>"
                + "<body>Configuration Utility restarting...</body></html>");
    }

    static Response notRegistered(String path) {
        return rest(404, "Public URI path not registered: " + path);
    }
}

package io.edgeway.emulators.nitro;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.edgeway.emulators.support.DeviceFailure;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

/**
 * Runs an add, bind or action for one payload object, or for each object of an array (spec B.6): all done answers the
 * success status; any failure answers 207 with one result per object, stopping at the first failure unless
 * {@code X-NITRO-ONERROR: continue}, and undoing the whole request with {@code rollback}.
 */
final class NitroBulk {

    private NitroBulk() {
    }

    static Response run(Request request, NitroPartition partition, JsonNode payload, int successStatus,
            Consumer<JsonNode> operation) {
        if (payload.isMissingNode() || payload.isNull()) {
            throw NitroErrors.invalidJson();
        }
        if (!payload.isArray()) {
            operation.accept(payload);
            return NitroDone.response(successStatus);
        }
        String onError = String.valueOf(request.header("X-NITRO-ONERROR")).toLowerCase();
        NitroPartition snapshot = onError.equals("rollback") ? partition.copy() : null;
        List<Object> results = new ArrayList<>();
        boolean failed = false;
        for (JsonNode item : payload) {
            try {
                operation.accept(item);
                results.add(NitroDone.body());
            }
            catch (DeviceFailure failure) {
                failed = true;
                results.add(Json.MAPPER.readTree(failure.response().body()));
                if (!onError.equals("continue")) {
                    break;
                }
            }
        }
        if (!failed) {
            return NitroDone.response(successStatus);
        }
        if (snapshot != null) {
            partition.restore(snapshot);
        }
        return Response.json(207, Json.object("errorcode", 1243, "message", "Bulk operation failed", "severity",
                "ERROR", "response", results));
    }
}

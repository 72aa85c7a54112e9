package io.edgeway.emulators.nitro;

import io.edgeway.emulators.support.DeviceFailure;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Response;

/** NITRO error bodies ({@code errorcode}, {@code message}, {@code severity}) with the statuses of spec B.5. */
final class NitroErrors {

    /** The specific-error status NITRO uses for "NetScaler specific error". */
    static final int NETSCALER_ERROR = 599;

    private NitroErrors() {
    }

    static Response body(int status, int errorcode, String message) {
        return Response.json(status, Json.object("errorcode", errorcode, "message", message, "severity", "ERROR"));
    }

    static DeviceFailure error(int status, int errorcode, String message) {
        return new DeviceFailure(body(status, errorcode, message));
    }

    static DeviceFailure noSuchResource(String key, String name) {
        return error(404, 258, "No such resource [" + key + ", " + name + "]");
    }

    static DeviceFailure exists() {
        return error(409, 273, "Resource already exists");
    }

    static DeviceFailure serverExists(String ip) {
        return error(409, 1335, "Server already exists [" + ip + "]");
    }

    static DeviceFailure badCredentials() {
        return error(401, 354, "Invalid username or password");
    }

    static DeviceFailure sessionExpired() {
        return error(401, 444, "Session expired or killed. Please login again");
    }

    static DeviceFailure notLoggedIn() {
        return error(401, 1027, "Not logged in or connection timed out");
    }

    static DeviceFailure connectionLimit(int status) {
        return error(status, 446, "Connection limit to CFE exceeded");
    }

    static DeviceFailure noPartition() {
        return error(404, 2755, "Partition does not exist");
    }

    static DeviceFailure bothArguments(String first, String second) {
        return error(NETSCALER_ERROR, 1092, "Arguments cannot both be specified [" + first + ", " + second + "]");
    }

    static DeviceFailure missingArgument(String name) {
        return error(NETSCALER_ERROR, 1095, "Required argument missing [" + name + "]");
    }

    static DeviceFailure invalidValue(String name) {
        return error(NETSCALER_ERROR, 1097, "Invalid argument value [" + name + "]");
    }

    static DeviceFailure notPermitted() {
        return error(NETSCALER_ERROR, 257, "Operation not permitted");
    }

    static DeviceFailure invalidJson() {
        return error(400, 1233, "Invalid JSON input");
    }
}

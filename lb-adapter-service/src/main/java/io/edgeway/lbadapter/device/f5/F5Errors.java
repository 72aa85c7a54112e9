package io.edgeway.lbadapter.device.f5;

import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.DeviceException.Kind;

/** Turns an iControl REST error (either body shape, or an HTML page) into a {@link DeviceException}. */
final class F5Errors {

    private F5Errors() {
    }

    static DeviceException from(String device, String method, String path, DeviceHttp.Reply reply) {
        String message = reply.json().path("message").asString("");
        if (message.isEmpty()) {
            message = reply.body() == null || reply.body().isBlank() ? "(no body)" : firstLine(reply.body());
        }
        return new DeviceException(device, kind(reply.status(), message),
                method + " " + path + " answered " + reply.status() + ": " + message);
    }

    static Kind kind(int status, String message) {
        if (status == 401) {
            return message.contains("X-F5-Auth-Token") ? Kind.SESSION_EXPIRED : Kind.AUTHENTICATION;
        }
        if (status == 400 && message.contains("maximum active login tokens")) {
            return Kind.SESSION_LIMIT;
        }
        if (status == 404) {
            // restjavad restarting, or an extension not loaded yet: the endpoint comes back.
            return message.startsWith("Public URI path not registered") ? Kind.UNAVAILABLE : Kind.NOT_FOUND;
        }
        if (status == 409) {
            return Kind.CONFLICT;
        }
        if (status == 403) {
            return Kind.AUTHENTICATION;
        }
        if (status >= 500) {
            return Kind.UNAVAILABLE;
        }
        return Kind.REJECTED;
    }

    private static String firstLine(String body) {
        String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}

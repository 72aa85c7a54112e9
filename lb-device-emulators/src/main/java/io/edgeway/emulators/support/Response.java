package io.edgeway.emulators.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an emulated device answers: status, extra headers and a body. */
public record Response(int status, Map<String, String> headers, String contentType, byte[] body) {

    public Response {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static Response json(int status, Object body) {
        return new Response(status, Map.of(), "application/json; charset=UTF-8",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public static Response html(int status, String html) {
        return new Response(status, Map.of(), "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    public static Response empty(int status) {
        return new Response(status, Map.of(), null, new byte[0]);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(status, copy, contentType, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

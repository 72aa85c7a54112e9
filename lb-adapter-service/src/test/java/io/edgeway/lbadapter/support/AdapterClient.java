package io.edgeway.lbadapter.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the adapter under test as an operator's (or a viewer's) tool would (HTTP basic, JSON), or anonymously. */
public final class AdapterClient {

    public static final String USER = "operator";

    public static final String PASSWORD = "test-secret";

    public static final String VIEWER = "viewer";

    public static final String VIEWER_PASSWORD = "test-viewer-secret";

    private static final JsonMapper JSON = JsonMapper.shared();

    /** A status and its JSON body (a missing node when there is none). */
    public record Reply(int status, JsonNode json) {
    }

    private final HttpClient http = HttpClient.newHttpClient();

    private final URI base;

    private final String user;

    private final String password;

    /** As the operator. */
    public AdapterClient(int port) {
        this(port, USER, PASSWORD);
    }

    private AdapterClient(int port, String user, String password) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.user = user;
        this.password = password;
    }

    /** As the viewer, who may read but not act. */
    public static AdapterClient viewer(int port) {
        return new AdapterClient(port, VIEWER, VIEWER_PASSWORD);
    }

    public JsonNode get(String path) {
        Reply reply = send("GET", path, null, true, Map.of());
        if (reply.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + reply.status() + ": " + reply.json());
        }
        return reply.json();
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body, true, Map.of());
    }

    public Reply send(String method, String path, Object body, boolean authenticated, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) {
            all.putIfAbsent("Content-Type", "application/json");
        }
        if (authenticated) {
            all.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        all.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Reply(response.statusCode(), text == null || text.isBlank() || !text.trim().startsWith("{")
                    ? JSON.missingNode() : JSON.readTree(text));
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A member action's body. */
    public static Map<String, String> member(String device, String partition, String pool, String member) {
        return Map.of("device", device, "partition", partition, "pool", pool, "member", member);
    }
}

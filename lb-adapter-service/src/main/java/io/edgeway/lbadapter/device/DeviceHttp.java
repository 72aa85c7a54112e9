package io.edgeway.lbadapter.device;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.edgeway.lbadapter.reconcile.DeviceException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over the JDK's HTTP client for one device; transport failures become retryable {@link DeviceException}s. */
public final class DeviceHttp {

    public static final JsonMapper JSON = JsonMapper.shared();

    /** A device's answer, whatever its status. */
    public record Reply(int status, String body, HttpHeaders headers) {

        /** The body as JSON; a missing node when it is empty or not JSON (an HTML error page, say). */
        public JsonNode json() {
            if (body == null || body.isBlank()) {
                return JSON.missingNode();
            }
            try {
                return JSON.readTree(body);
            }
            catch (JacksonException e) {
                return JSON.missingNode();
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String device;

    private final URI base;

    private final Duration requestTimeout;

    private final HttpClient client;

    private final DeviceMeters meters;

    public DeviceHttp(String device, URI base, Duration connectTimeout, Duration requestTimeout, DeviceMeters meters) {
        this.device = device;
        this.meters = meters;
        this.base = base;
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: management planes do not speak h2c, and an upgrade attempt costs a round trip.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Reply send(String method, String pathAndQuery, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(requestTimeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            meters.answered(response.statusCode());
            return new Reply(response.statusCode(), response.body(), response.headers());
        }
        catch (HttpTimeoutException e) {
            meters.failed("timeout");
            throw new DeviceException(device, DeviceException.Kind.TIMEOUT, method + " " + path(pathAndQuery)
                    + ": no answer within " + requestTimeout.toMillis() + " ms", e);
        }
        catch (ConnectException e) {
            meters.failed("unavailable");
            throw new DeviceException(device, DeviceException.Kind.UNAVAILABLE, method + " " + path(pathAndQuery)
                    + ": cannot connect to " + base, e);
        }
        catch (IOException e) {
            meters.failed("io");
            throw new DeviceException(device, DeviceException.Kind.TIMEOUT, method + " " + path(pathAndQuery)
                    + ": connection failed: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(device, DeviceException.Kind.TIMEOUT, "interrupted", e);
        }
    }

    private static String path(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }
}

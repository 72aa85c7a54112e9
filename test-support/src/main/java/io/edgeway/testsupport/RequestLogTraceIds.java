package io.edgeway.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * Whether a service's log lines of a request carry the trace id of the request's W3C {@code traceparent}: sends one
 * with a new trace and waits for a line naming the path with that trace id.
 */
public final class RequestLogTraceIds {

    private RequestLogTraceIds() {
    }

    /** Sends {@code GET baseUrl + path} with a new traceparent and waits until {@code log} has a line of it. */
    public static void awaitLogged(String baseUrl, String path, Supplier<String> log) {
        Traceparent traceparent = Traceparent.random();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header(Traceparent.HEADER, traceparent.value()).timeout(Duration.ofSeconds(30)).build();
        int status;
        try {
            status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
            throw new IllegalStateException("GET " + path + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        if (status >= 400) {
            throw new AssertionError("GET " + path + " answered " + status);
        }
        await("a log line of " + path + " with its trace id").atMost(Duration.ofSeconds(10))
                .until(() -> log.get().lines()
                        .anyMatch(line -> line.contains("\"" + path + "\"") && line.contains(traceparent.traceId())));
    }
}

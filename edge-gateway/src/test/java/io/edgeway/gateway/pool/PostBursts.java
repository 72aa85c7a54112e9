package io.edgeway.gateway.pool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/** POST traffic in bursts of concurrent requests, with pauses between the bursts; collects every answer. */
final class PostBursts {

    /** One answer: its status (0 when the request failed without one) and body. */
    record Answer(int status, String body) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI uri;

    PostBursts(int gatewayPort, String path) {
        this.uri = URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    /** {@code bursts} bursts of {@code size} concurrent POSTs, each burst after a pause of {@code pause}. */
    List<Answer> send(int bursts, int size, Duration pause) {
        List<Answer> answers = new ArrayList<>();
        for (int burst = 0; burst < bursts; burst++) {
            if (burst > 0) {
                // The pause is the traffic's shape (idle connections outlive the backend's keep-alive), not a wait
                // for some state.
                LockSupport.parkNanos(pause.toNanos());
            }
            answers.addAll(burst(size));
        }
        return answers;
    }

    /** {@code size} POSTs at once. */
    List<Answer> burst(int size) {
        List<CompletableFuture<Answer>> sent = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"order\":" + i + "}")).build();
            sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new Answer(response.statusCode(), response.body()))
                    .exceptionally(failure -> new Answer(0, String.valueOf(failure))));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * POST bursts through the gateway with pauses drawn around a backend's keep-alive timeout, where a pooled connection
 * is most likely to be closed by the backend as the gateway sends on it. Prints "posts=N failures=F" and each failure.
 * Usage: java KeepAlivePosts.java URL BURSTS BURST_SIZE MIN_PAUSE_MS MAX_PAUSE_MS SEED
 */
public class KeepAlivePosts {

    public static void main(String[] args) {
        URI uri = URI.create(args[0]);
        int bursts = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        int minPause = Integer.parseInt(args[3]);
        int maxPause = Integer.parseInt(args[4]);
        Random random = new Random(Long.parseLong(args[5]));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int posts = 0;
        int failures = 0;
        for (int burst = 0; burst < bursts; burst++) {
            List<CompletableFuture<String>> sent = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"burst\":" + burst + "}")).build();
                sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenApply(response -> response.statusCode() == 200 ? null
                                : response.statusCode() + " " + response.body())
                        .exceptionally(String::valueOf));
            }
            for (CompletableFuture<String> answer : sent) {
                posts++;
                String failure = answer.join();
                if (failure != null) {
                    failures++;
                    System.out.println("burst " + burst + ": " + failure);
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(minPause + random.nextInt(maxPause - minPause + 1)).toNanos());
        }
        System.out.println("posts=" + posts + " failures=" + failures);
    }
}

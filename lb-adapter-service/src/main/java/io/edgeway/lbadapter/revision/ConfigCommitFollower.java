package io.edgeway.lbadapter.revision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the commits a config server publishes: its event stream ({@code GET /revisions/stream}) says at once, a
 * periodic check of {@code GET /revisions/current} bounds the delay when the stream is lost, and the stream reconnects
 * with a growing back-off. When the published commit is not the one running, {@code refresh} runs: one at a time, on
 * a thread of its own. Knows nothing of Spring; {@link ConfigPush} wires it.
 */
final class ConfigCommitFollower implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ConfigCommitFollower.class);

    private static final JsonMapper JSON = JsonMapper.shared();

    private final URI server;

    private final String authorization;

    private final Supplier<String> running;

    private final Runnable refresh;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "config-push"));

    private final Thread streamReader = daemon(this::readStream, "config-push-stream");

    private volatile Stream<String> openStream;

    private volatile boolean closed;

    /**
     * @param server   the config server's base URI
     * @param user     its basic-auth user, or {@code null} for none
     * @param password its password
     * @param running  the commit this service runs now ({@code null} when unknown)
     * @param refresh  loads the config the config server serves now
     */
    ConfigCommitFollower(URI server, String user, String password, Supplier<String> running, Runnable refresh) {
        this.server = server;
        this.authorization = user == null || password == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.running = running;
        this.refresh = refresh;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Opens the stream and starts the periodic check. */
    void start(Duration checkInterval) {
        streamReader.start();
        refreshes.scheduleWithFixedDelay(this::checkPublished, checkInterval.toMillis(), checkInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void readStream() {
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            try {
                HttpResponse<Stream<String>> response = http.send(request("/revisions/stream")
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> lines = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IOException("status " + response.statusCode());
                    }
                    openStream = lines;
                    backoff = FIRST_BACKOFF;
                    lines.filter(line -> line.startsWith("data:")).map(line -> commitIn(line.substring(5)))
                            .forEach(this::noticed);
                }
                log.debug("Config server's revision stream ended, reconnecting");
            }
            catch (IOException | RuntimeException ex) {
                log.debug("Config server's revision stream lost, reconnecting in {}: {}", backoff, ex.toString());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed || !pause(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A commit on the stream: the config server's own word, over authenticated HTTP. */
    private void noticed(String commit) {
        if (commit != null && !closed) {
            refreshes.execute(() -> follow(commit));
        }
    }

    private void checkPublished() {
        try {
            HttpResponse<String> response = http.send(request("/revisions/current").timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.debug("Config server answered the revision check with {}", response.statusCode());
                return;
            }
            follow(JSON.readTree(response.body()).path("published").path("commit").asString(null));
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Config server did not say which commit it publishes: {}", ex.toString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the refresh thread: refreshes unless the commit runs already (a late notice of it changes nothing). */
    private void follow(String commit) {
        if (commit == null || closed || commit.equals(running.get())) {
            return;
        }
        try {
            refresh.run();
            log.info("Config commit {} published: refreshed, now running {}", commit, running.get());
        }
        catch (RuntimeException ex) {
            log.warn("Refresh for config commit {} failed: {}", commit, ex.getMessage());
        }
    }

    private static String commitIn(String data) {
        try {
            return JSON.readTree(data.trim()).path("commit").asString(null);
        }
        catch (RuntimeException ex) {
            log.debug("Ignored revision event {}: {}", data, ex.getMessage());
            return null;
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    @Override
    public void close() {
        closed = true;
        streamReader.interrupt();
        Stream<String> stream = openStream;
        if (stream != null) {
            stream.close();
        }
        refreshes.shutdownNow();
    }
}

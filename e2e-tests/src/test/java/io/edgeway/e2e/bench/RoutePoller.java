package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls one path of one gateway every 20 ms from its own thread, over the gateway's one keep-alive connection (its
 * {@link HttpClient} keeps one, as requests never overlap), until the path answers 200 or it is closed; what it saw
 * is in {@link #answers()}. A request that takes longer than the interval delays the next one, as curl's --rate does.
 */
final class RoutePoller implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(20);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private final HttpClient client;

    private final String url;

    private final Path trace;

    private final FirstAnswers answers = new FirstAnswers();

    private final Thread thread;

    private volatile boolean stopped;

    /** Starts polling {@code url}; with a {@code trace} file, every answer is written to it when polling ends. */
    RoutePoller(HttpClient client, String url, Path trace) {
        this.client = client;
        this.url = url;
        this.trace = trace;
        this.thread = new Thread(this::poll, "poll " + url);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A client for one gateway: HTTP/1.1, so that it keeps one connection for requests that never overlap. */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).build();
    }

    FirstAnswers answers() {
        return answers;
    }

    private void poll() {
        List<String> seen = trace == null ? null : new ArrayList<>();
        long next = System.nanoTime();
        for (long n = 1; !stopped; n++) {
            int status = get(url + "?" + n);
            long now = System.nanoTime();
            if (seen != null) {
                seen.add(System.currentTimeMillis() + " " + status);
            }
            if (answers.answer(now, status)) {
                break;
            }
            next = Math.max(next + INTERVAL.toNanos(), now);
            while (!stopped && System.nanoTime() < next) {
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
        if (seen != null) {
            try {
                Files.write(trace, seen);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private int get(String target) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(target)).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
            return FirstAnswers.NO_ANSWER;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stopped = true;
            return FirstAnswers.NO_ANSWER;
        }
    }

    /** Stops polling and waits for the thread (at most one request timeout). */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(REQUEST_TIMEOUT.toMillis() + 1000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}

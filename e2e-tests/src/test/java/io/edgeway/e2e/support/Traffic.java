package io.edgeway.e2e.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client traffic through the gateway: a few threads send the same request in a loop until stopped, counting
 * answers per backend instance and keeping every failure. Bounded by {@link #MAX_REQUESTS}.
 */
public final class Traffic implements AutoCloseable {

    private static final Pattern INSTANCE_ID = Pattern.compile("\"instanceId\":\"([^\"]+)\"");

    private static final long MAX_REQUESTS = 200_000;

    private final AtomicBoolean running = new AtomicBoolean(true);

    private final AtomicLong sent = new AtomicLong();

    private final Map<String, AtomicLong> byInstance = new ConcurrentHashMap<>();

    private final Map<String, Instant> firstAnswer = new ConcurrentHashMap<>();

    private final Map<String, Instant> lastAnswer = new ConcurrentHashMap<>();

    private final List<String> failures = new CopyOnWriteArrayList<>();

    private final ExecutorService threads;

    private Traffic(int concurrency, String method, String url) {
        this(method, java.util.Collections.nCopies(concurrency, url));
    }

    private Traffic(String method, List<String> urls) {
        threads = Executors.newFixedThreadPool(urls.size());
        for (String url : urls) {
            threads.submit(() -> {
                while (running.get() && sent.incrementAndGet() <= MAX_REQUESTS) {
                    Http.Response response = Http.send(method, url);
                    if (response.ok()) {
                        Matcher m = INSTANCE_ID.matcher(response.body());
                        String id = m.find() ? m.group(1) : "?";
                        byInstance.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
                        Instant now = Instant.now();
                        firstAnswer.putIfAbsent(id, now);
                        lastAnswer.merge(id, now, (a, b) -> a.isAfter(b) ? a : b);
                    }
                    else {
                        failures.add(method + " " + url + " -> " + response.status() + " " + response.body());
                    }
                }
            });
        }
    }

    public static Traffic start(int concurrency, String method, String url) {
        return new Traffic(concurrency, method, url);
    }

    /** One client thread per URL, each sending GETs. */
    public static Traffic start(List<String> urls) {
        return new Traffic("GET", urls);
    }

    /** Answers from the instance listening on this port (instance ids end with {@code :port}). */
    public long answeredBy(int port) {
        return byInstance.entrySet().stream().filter(e -> e.getKey().endsWith(":" + port))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** When the instance listening on this port answered first; empty if it never did. */
    public Optional<Instant> firstAnswerAt(int port) {
        return firstAnswer.entrySet().stream().filter(e -> e.getKey().endsWith(":" + port)).map(Map.Entry::getValue)
                .min(Instant::compareTo);
    }

    /** When the instance listening on this port answered last; empty if it never did. */
    public Optional<Instant> lastAnswerAt(int port) {
        return lastAnswer.entrySet().stream().filter(e -> e.getKey().endsWith(":" + port)).map(Map.Entry::getValue)
                .max(Instant::compareTo);
    }

    public long answered() {
        return byInstance.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }
}

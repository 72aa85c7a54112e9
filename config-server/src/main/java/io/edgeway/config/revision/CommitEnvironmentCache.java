package io.edgeway.config.revision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UriUtils;

/**
 * Serves {@code GET /{application}/{profiles}/{commit id}} from memory: a commit never changes, and building its
 * environment (a checkout plus a Spring context, one at a time) was most of the time between a commit's publication
 * and a gateway running it. {@link RevisionWatcher} pre-builds every new commit before publishing it
 * ({@link #prebuild}), for the applications and profiles configured and for those that asked for the previous commit,
 * so the gateways' first requests are already answered; anything else is built at its first request, once (concurrent
 * requests for it wait for that answer). Answers are kept per application, profiles, commit and {@code Accept} header.
 * Branch and tag labels are never cached. Registered after Spring Security, so every request is still authenticated.
 */
public final class CommitEnvironmentCache extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CommitEnvironmentCache.class);

    private static final Pattern BY_COMMIT = Pattern.compile("/[^/]+/[^/]+/[0-9a-f]{40}");

    /** What the gateways ask for ({@code ConfigServerClient}), and so what a pre-built answer is. */
    public static final String PREBUILT_ACCEPT = MediaType.APPLICATION_JSON_VALUE;

    private final int capacity;

    private final AnswerBuilder builder;

    private final Map<Key, Cached> answers;

    private final Map<Key, Object> building = new ConcurrentHashMap<>();

    private final Counter hits;

    private final Counter misses;

    private final Counter prebuilt;

    private volatile String lastPrebuiltCommit;

    public CommitEnvironmentCache(int capacity, AnswerBuilder builder, MeterRegistry meters) {
        this.capacity = capacity;
        this.builder = builder;
        this.answers = new LinkedHashMap<>(16, 0.75f, true);
        this.hits = meters.counter("edgeway.config.environment.cache", "result", "hit");
        this.misses = meters.counter("edgeway.config.environment.cache", "result", "miss");
        this.prebuilt = Counter.builder("edgeway.config.environment.prebuilt")
                .description("Answers built for a commit before it was published").register(meters);
    }

    /** Builds the answer for one application and profiles at a commit, exactly as the config server answers it. */
    @FunctionalInterface
    public interface AnswerBuilder {

        Answer build(String application, String profiles, String commit) throws Exception;
    }

    /** An answer as sent: its content type and body. */
    public record Answer(String contentType, byte[] body) {
    }

    /** Who asks for a commit: an application with its profiles (comma-separated, as in the request path). */
    public record Asker(String application, String profiles) {

        /** {@code application/profiles}, as configured in {@code edgeway.config.prebuild}. */
        public static Asker parse(String spec) {
            String[] parts = spec.trim().split("/");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("'" + spec + "' is not application/profiles");
            }
            return new Asker(parts[0], parts[1]);
        }

        @Override
        public String toString() {
            return application + "/" + profiles;
        }
    }

    private record Key(Asker asker, String commit, String accept) {
    }

    private static final class Cached {

        final Answer answer;

        /** Whether a client asked for it (pre-built answers start unasked): who asks next time. */
        volatile boolean asked;

        Cached(Answer answer, boolean asked) {
            this.answer = answer;
            this.asked = asked;
        }
    }

    /**
     * Builds the answers for a commit about to be published: for {@code configured}, and for every application and
     * profiles that asked for the previously pre-built commit. A failure is logged; that answer is then built at its
     * first request, as without pre-building.
     */
    public Collection<Asker> prebuild(String commit, Collection<Asker> configured) {
        Set<Asker> askers = new LinkedHashSet<>(configured);
        askers.addAll(askedFor(lastPrebuiltCommit));
        lastPrebuiltCommit = commit;
        List<Asker> done = new ArrayList<>();
        for (Asker asker : askers) {
            Key key = new Key(asker, commit, PREBUILT_ACCEPT);
            synchronized (building.computeIfAbsent(key, k -> new Object())) {
                try {
                    if (cached(key, false) == null) {
                        store(key, new Cached(builder.build(asker.application(), asker.profiles(), commit), false));
                        prebuilt.increment();
                    }
                    done.add(asker);
                }
                catch (Exception ex) {
                    log.warn("Could not pre-build {} at {}; it will be built when asked: {}", asker, commit,
                            ex.toString());
                }
                finally {
                    building.remove(key);
                }
            }
        }
        return done;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getQueryString() != null
                || !BY_COMMIT.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Key key = key(request);
        Cached cached = cached(key, true);
        if (cached == null) {
            synchronized (building.computeIfAbsent(key, k -> new Object())) {
                cached = cached(key, true);
                if (cached == null) {
                    misses.increment();
                    build(key, request, response, chain);
                    return;
                }
            }
        }
        hits.increment();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(cached.answer.contentType());
        response.setContentLength(cached.answer.body().length);
        response.getOutputStream().write(cached.answer.body());
    }

    private void build(Key key, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, wrapper);
            if (wrapper.getStatus() == HttpServletResponse.SC_OK) {
                store(key, new Cached(new Answer(wrapper.getContentType(), wrapper.getContentAsByteArray()), true));
            }
        }
        finally {
            building.remove(key);
            wrapper.copyBodyToResponse();
        }
    }

    private static Key key(HttpServletRequest request) {
        String[] path = request.getRequestURI().split("/");
        return new Key(new Asker(decode(path[1]), decode(path[2])), path[3],
                Objects.requireNonNullElse(request.getHeader(HttpHeaders.ACCEPT), ""));
    }

    private static String decode(String segment) {
        return UriUtils.decode(segment, StandardCharsets.UTF_8);
    }

    private List<Asker> askedFor(String commit) {
        if (commit == null) {
            return List.of();
        }
        synchronized (answers) {
            return answers.entrySet().stream()
                    .filter(e -> e.getKey().commit().equals(commit) && e.getKey().accept().equals(PREBUILT_ACCEPT)
                            && e.getValue().asked)
                    .map(e -> e.getKey().asker()).toList();
        }
    }

    private Cached cached(Key key, boolean asking) {
        synchronized (answers) {
            Cached cached = answers.get(key);
            if (cached != null && asking) {
                cached.asked = true;
            }
            return cached;
        }
    }

    private void store(Key key, Cached answer) {
        synchronized (answers) {
            answers.put(key, answer);
            if (answers.size() > capacity) {
                answers.remove(answers.keySet().iterator().next());
            }
        }
    }
}

package io.edgeway.config.revision;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Serves {@code GET /{application}/{profiles}/{commit id}} from memory after the first time: a commit never changes,
 * and building its environment (a checkout plus a Spring context per request, one request at a time) was most of
 * the time between a commit's publication and a gateway running it. When several gateways ask for a new commit at
 * once, one builds it and the others wait for that answer. Branch and tag labels are never cached. Registered after
 * Spring Security, so every request is still authenticated.
 */
public final class CommitEnvironmentCache extends OncePerRequestFilter {

    private static final Pattern BY_COMMIT = Pattern.compile("/[^/]+/[^/]+/[0-9a-f]{40}");

    private final int capacity;

    private final Map<String, Cached> answers;

    private final Map<String, Object> building = new ConcurrentHashMap<>();

    private final Counter hits;

    private final Counter misses;

    public CommitEnvironmentCache(int capacity, MeterRegistry meters) {
        this.capacity = capacity;
        this.answers = new LinkedHashMap<>(16, 0.75f, true);
        this.hits = meters.counter("edgeway.config.environment.cache", "result", "hit");
        this.misses = meters.counter("edgeway.config.environment.cache", "result", "miss");
    }

    private record Cached(String contentType, byte[] body) {
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getQueryString() != null
                || !BY_COMMIT.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getRequestURI();
        Cached cached = cached(key);
        if (cached == null) {
            synchronized (building.computeIfAbsent(key, k -> new Object())) {
                cached = cached(key);
                if (cached == null) {
                    misses.increment();
                    build(key, request, response, chain);
                    return;
                }
            }
        }
        hits.increment();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(cached.contentType());
        response.setContentLength(cached.body().length);
        response.getOutputStream().write(cached.body());
    }

    private void build(String key, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, wrapper);
            if (wrapper.getStatus() == HttpServletResponse.SC_OK) {
                store(key, new Cached(wrapper.getContentType(), wrapper.getContentAsByteArray()));
            }
        }
        finally {
            building.remove(key);
            wrapper.copyBodyToResponse();
        }
    }

    private Cached cached(String key) {
        synchronized (answers) {
            return answers.get(key);
        }
    }

    private void store(String key, Cached answer) {
        synchronized (answers) {
            answers.put(key, answer);
            if (answers.size() > capacity) {
                answers.remove(answers.keySet().iterator().next());
            }
        }
    }
}

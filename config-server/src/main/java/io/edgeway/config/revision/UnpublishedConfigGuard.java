package io.edgeway.config.revision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers every config request with 503 and the reason while no commit is published (none valid at start-up, or
 * the start-up fetch failed), instead of letting Spring Cloud Config serve the branch head unvalidated. The
 * server's own endpoints (health probes, revisions, webhook) stay open, so operators see why and a push can fix it;
 * the actuator is on the management port, which this filter never sees. On the traffic port {@code /actuator/x} is
 * the config of an application named "actuator", so it is guarded like any other.
 */
public final class UnpublishedConfigGuard extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String[] OWN_PATHS = { "/livez", "/readyz", "/revisions", "/monitor", "/error" };

    private final ConfigRevisions revisions;

    public UnpublishedConfigGuard(ConfigRevisions revisions) {
        this.revisions = revisions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String own : OWN_PATHS) {
            if (path.equals(own) || path.startsWith(own + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> reason = revisions.whyNothingPublished();
        if (reason.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = JSON.writeValueAsString(Map.of("error", "no valid config commit is published", "reason",
                reason.get())).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

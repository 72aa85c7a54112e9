package io.edgeway.backend.fault;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes this instance bad on purpose, for canary tests and benchmarks: a share of its answers to {@code GET /} and
 * {@code /id} become 500, and each is delayed. Set with {@code PUT /monitor/faults} ({@code {"errorShare":0.05,
 * "delayMs":50}}; zeros make it healthy again), by an operator from an allowed source, and only where
 * {@code edgeway.backend.fault-switch} turns it on; shipped backends have it off.
 */
public final class FaultSwitch extends OncePerRequestFilter {

    /** What the switch is set to. */
    public record Faults(double errorShare, long delayMs) {

        static final Faults NONE = new Faults(0, 0);
    }

    private final boolean enabled;

    private volatile Faults faults = Faults.NONE;

    public FaultSwitch(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/") || path.equals("/id"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Faults now = faults;
        if (now.delayMs() > 0) {
            try {
                Thread.sleep(now.delayMs());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (now.errorShare() > 0 && ThreadLocalRandom.current().nextDouble() < now.errorShare()) {
            response.sendError(HttpStatus.INTERNAL_SERVER_ERROR.value(), "fault injected");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Sets the faults, if the switch is on; the body of {@code PUT /monitor/faults}. */
    ResponseEntity<?> set(Map<String, Number> body) {
        if (!enabled) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .body(Map.of("error", "the fault switch is off (edgeway.backend.fault-switch)"));
        }
        double share = body == null || body.get("errorShare") == null ? 0 : body.get("errorShare").doubleValue();
        long delay = body == null || body.get("delayMs") == null ? 0 : body.get("delayMs").longValue();
        if (share < 0 || share > 1 || delay < 0 || delay > 10_000) {
            return ResponseEntity.badRequest()
                    .body(Map.of("error", "errorShare must be in [0, 1] and delayMs in [0, 10000]"));
        }
        faults = new Faults(share, delay);
        return ResponseEntity.ok(faults);
    }

    Faults faults() {
        return faults;
    }
}

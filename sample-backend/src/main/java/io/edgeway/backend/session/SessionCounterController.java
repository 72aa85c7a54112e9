package io.edgeway.backend.session;

import java.util.Map;

import io.edgeway.backend.registry.InstanceRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A per-user counter kept in the HTTP session: {@code GET /session} shows it, {@code POST /session?add=N} adds to
 * it. Each answer names the instance that served it and the store the session lives in, so that a client can see
 * one session followed across instances. The store is chosen by profile ({@link SessionStore}); this class only
 * uses the servlet session.
 */
@RestController
class SessionCounterController {

    static final String COUNT_ATTRIBUTE = "edgeway.counter";

    static final long MAX_ADD = 1000;

    private final InstanceRegistration registration;

    private final SessionStore store;

    SessionCounterController(InstanceRegistration registration, SessionStore store) {
        this.registration = registration;
        this.store = store;
    }

    /** The counter of the caller's session, 0 without one; never creates a session. */
    @GetMapping("/session")
    SessionCounter show(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return answer(session == null ? 0 : count(session));
    }

    /** Adds {@code add} (1 to {@value #MAX_ADD}) to the caller's counter, starting a session if there is none. */
    @PostMapping("/session")
    ResponseEntity<?> add(HttpServletRequest request, @RequestParam(defaultValue = "1") long add) {
        if (add < 1 || add > MAX_ADD) {
            return ResponseEntity.badRequest().body(Map.of("error", "add must be between 1 and " + MAX_ADD));
        }
        HttpSession session = request.getSession(true);
        // Read, add, write: concurrent requests of one session may lose an addition (last write wins in every store).
        long count = count(session) + add;
        session.setAttribute(COUNT_ATTRIBUTE, count);
        return ResponseEntity.ok(answer(count));
    }

    private SessionCounter answer(long count) {
        return new SessionCounter(count, registration.instanceId(), store.name());
    }

    private static long count(HttpSession session) {
        return session.getAttribute(COUNT_ATTRIBUTE) instanceof Long count ? count : 0;
    }

    /**
     * @param count the session's counter
     * @param instanceId the instance that served this request
     * @param store where sessions live: {@code memory} (this instance only), {@code redis} or {@code jdbc}
     */
    record SessionCounter(long count, String instanceId, String store) {
    }
}

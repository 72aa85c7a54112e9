package io.edgeway.lbadapter.device.f5;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.reconcile.DeviceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The auth tokens of one BIG-IP user: one shared by every call, replaced {@code renewBefore} its expiry (measured on
 * the local clock from the lifetime the device grants), and never more than {@code maxTokens} alive at once, counting
 * the replaced ones until they expire. A token the device no longer knows is dropped and replaced on the next call.
 */
final class F5Tokens {

    private static final Logger log = LoggerFactory.getLogger(F5Tokens.class);

    private final F5DeviceSettings settings;

    private final DeviceHttp http;

    private final Clock clock;

    /** Tokens believed alive on the device, oldest first, with their local expiry. */
    private final Map<String, Instant> alive = new LinkedHashMap<>();

    private String current;

    private int logins;

    F5Tokens(F5DeviceSettings settings, DeviceHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** A token valid for at least {@code renewBefore}; logs in when needed, one caller at a time. */
    synchronized String token() {
        Instant now = clock.instant();
        alive.values().removeIf(expiry -> !expiry.isAfter(now));
        if (current != null && alive.containsKey(current)
                && alive.get(current).minus(settings.renewBefore()).isAfter(now)) {
            return current;
        }
        while (alive.size() >= settings.maxTokens()) {
            String oldest = alive.keySet().iterator().next();
            revoke(oldest);
        }
        String previous = current;
        try {
            current = login(now);
        }
        catch (DeviceException e) {
            if (e.kind() == DeviceException.Kind.SESSION_LIMIT && previous != null && alive.containsKey(previous)) {
                // Other clients hold the user's other tokens: keep the one we have until it really expires.
                log.warn("{}: cannot renew the token yet: {}", settings.name(), e.getMessage());
                return previous;
            }
            throw e;
        }
        return current;
    }

    /** Tokens believed alive on the device now. */
    synchronized int inUse() {
        return alive.size();
    }

    /** The device answered 401 for this token: it is gone (expired, revoked, device restarted). */
    synchronized void invalidate(String token) {
        alive.remove(token);
        if (token.equals(current)) {
            current = null;
        }
    }

    /** Revokes every token still alive, on shutdown. */
    synchronized void close() {
        for (String token : Map.copyOf(alive).keySet()) {
            try {
                revoke(token);
            }
            catch (DeviceException e) {
                log.debug("Token not revoked on shutdown: {}", e.getMessage());
            }
        }
        current = null;
    }

    synchronized int logins() {
        return logins;
    }

    private String login(Instant now) {
        String path = "/mgmt/shared/authn/login";
        DeviceHttp.Reply reply = http.send("POST", path, Map.of("username", settings.username(), "password",
                settings.password(), "loginProviderName", "tmos"), Map.of());
        if (!reply.ok()) {
            throw F5Errors.from(settings.name(), "POST", path, reply);
        }
        JsonNode token = reply.json().path("token");
        String id = token.path("token").asString(null);
        if (id == null) {
            throw new DeviceException(settings.name(), DeviceException.Kind.REJECTED, "login answered without a token");
        }
        // The local clock, not expirationMicros: the device's clock may be off, the lifetime it grants is not.
        long lifetime = token.path("timeout").asLong(1200);
        alive.put(id, now.plusSeconds(lifetime));
        logins++;
        log.info("{}: logged in as {}, token valid for {} s", settings.name(), settings.username(), lifetime);
        return id;
    }

    private void revoke(String token) {
        String path = "/mgmt/shared/authz/tokens/" + token;
        DeviceHttp.Reply reply = http.send("DELETE", path, null, Map.of("X-F5-Auth-Token", token));
        // 401/404: the device no longer has it either.
        if (!reply.ok() && reply.status() != 401 && reply.status() != 404) {
            throw F5Errors.from(settings.name(), "DELETE", "/mgmt/shared/authz/tokens/...", reply);
        }
        alive.remove(token);
        if (token.equals(current)) {
            current = null;
        }
    }
}

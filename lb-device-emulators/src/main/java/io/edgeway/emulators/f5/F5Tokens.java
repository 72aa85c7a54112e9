package io.edgeway.emulators.f5;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.edgeway.emulators.support.DeviceFailure;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Response;

/** Auth tokens: lifetime and extension, the per-user limit, revocation; not thread-safe (the emulator locks). */
final class F5Tokens {

    private static final char[] TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One issued token. */
    static final class Token {

        final String id;

        final String user;

        final Instant start;

        Duration timeout;

        Token(String id, String user, Instant start, Duration timeout) {
            this.id = id;
            this.user = user;
            this.start = start;
            this.timeout = timeout;
        }

        Instant expiration() {
            return start.plus(timeout);
        }

        Map<String, Object> toJson() {
            long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, start);
            return Json.object("token", id, "name", id, "userName", user, "user",
                    Json.object("link", "https://localhost/mgmt/shared/authz/users/" + user), "timeout",
                    timeout.toSeconds(), "startTime", start.toString(), "address", "127.0.0.1", "partition", "[All]",
                    "generation", 1, "lastUpdateMicros", startMicros, "expirationMicros",
                    ChronoUnit.MICROS.between(Instant.EPOCH, expiration()), "kind",
                    "shared:authz:tokens:authtokenitemstate", "selfLink",
                    "https://localhost/mgmt/shared/authz/tokens/" + id);
        }
    }

    private final F5Settings settings;

    private final Map<String, Token> tokens = new HashMap<>();

    private final Map<String, Integer> peak = new HashMap<>();

    private int occupiedPerUser;

    F5Tokens(F5Settings settings) {
        this.settings = settings;
    }

    Token issue(String user) {
        purgeExpired();
        int live = live(user);
        if (!settings.tokenLimitExempt().contains(user) && live >= settings.tokenLimit()) {
            throw new DeviceFailure(F5Errors.rest(400, "user " + user + " has reached maximum active login tokens"));
        }
        Token token = new Token(newId(), user, now(), settings.tokenTimeout());
        tokens.put(token.id, token);
        peak.merge(user, live + 1, Math::max);
        return token;
    }

    /** The live token with this id, or null when it never existed, expired or was revoked. */
    Token find(String id) {
        purgeExpired();
        return id == null ? null : tokens.get(id);
    }

    Token extend(String caller, String id, long timeoutSeconds) {
        Token token = owned(caller, id);
        if (timeoutSeconds <= 0 || Duration.ofSeconds(timeoutSeconds).compareTo(settings.maxTokenTimeout()) > 0) {
            throw new DeviceFailure(F5Errors.rest(406, "Auth-token absolute timeout ("
                    + settings.maxTokenTimeout().toSeconds() + " seconds) exceeded"));
        }
        token.timeout = Duration.ofSeconds(timeoutSeconds);
        return token;
    }

    void revoke(String caller, String id) {
        owned(caller, id);
        tokens.remove(id);
    }

    Token owned(String caller, String id) {
        Token token = find(id);
        if (token == null) {
            throw new DeviceFailure(F5Errors.rest(404, "Token " + id + " does not exist."));
        }
        if (!token.user.equals(caller)) {
            throw new DeviceFailure(F5Errors.rest(400, "user " + caller + " may not access token " + id
                    + " of another user"));
        }
        return token;
    }

    /** Live tokens of a user, those held by other clients (the session-exhaustion knob) included. */
    int live(String user) {
        purgeExpired();
        int own = (int) tokens.values().stream().filter(t -> t.user.equals(user)).count();
        return own + (settings.users().containsKey(user) ? occupiedPerUser : 0);
    }

    int peak(String user) {
        return peak.getOrDefault(user, 0);
    }

    void occupy(int perUser) {
        occupiedPerUser = perUser;
    }

    void revokeAll() {
        tokens.clear();
    }

    Map<String, Object> stats() {
        purgeExpired();
        Map<String, Object> live = new HashMap<>();
        settings.users().keySet().forEach(user -> live.put(user, live(user)));
        return Json.object("liveTokens", live, "peakLiveTokens", Map.copyOf(peak));
    }

    static Response loginResponse(Token token) {
        return Response.json(200, Json.object("username", token.user, "loginReference",
                Json.object("link", "https://localhost/mgmt/cm/system/authn/providers/tmos/"
                        + "1f44a60e-11a7-3c51-a49f-82983026b41b/login"),
                "loginProviderName", "tmos", "token", token.toJson(), "generation", 0, "lastUpdateMicros", 0));
    }

    private void purgeExpired() {
        Instant now = now();
        for (Iterator<Token> it = tokens.values().iterator(); it.hasNext();) {
            if (!it.next().expiration().isAfter(now)) {
                it.remove();
            }
        }
    }

    private Instant now() {
        return settings.clock().instant();
    }

    private static String newId() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = TOKEN_CHARS[RANDOM.nextInt(TOKEN_CHARS.length)];
        }
        return new String(id);
    }
}

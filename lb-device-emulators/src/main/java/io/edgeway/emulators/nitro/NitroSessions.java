package io.edgeway.emulators.nitro;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;

/** Logged-in sessions: idle timeout, the system-wide and per-user caps, kill; not thread-safe (the emulator locks). */
final class NitroSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session; its partition is session state, changed by {@code nspartition?action=Switch}. */
    static final class Session {

        final int sid;

        final String token;

        final String user;

        final Instant loginTime;

        final Duration timeout;

        final String clientType;

        String partition;

        Instant lastActivity;

        Session(int sid, String token, String user, Instant now, Duration timeout, String partition, String clientType) {
            this.sid = sid;
            this.token = token;
            this.user = user;
            this.loginTime = now;
            this.lastActivity = now;
            this.timeout = timeout;
            this.partition = partition;
            this.clientType = clientType;
        }

        boolean expired(Instant now) {
            return !now.isBefore(lastActivity.plus(timeout));
        }

        Map<String, Object> toJson(Instant now, boolean current) {
            return Json.object("sid", sid, "username", user, "logintime", loginTime.toString(), "lastactivitytime",
                    lastActivity.toString(), "expirytime", Math.max(0, Duration.between(now, lastActivity.plus(timeout))
                            .toSeconds()), "numofconnections", 1, "currentconn", current, "clienttype", clientType,
                    "partitionname", partition);
        }
    }

    private final NitroSettings settings;

    private final Map<String, Session> sessions = new LinkedHashMap<>();

    private final List<Session> occupied = new ArrayList<>();

    private int nextSid = 300;

    private int peak;

    NitroSessions(NitroSettings settings) {
        this.settings = settings;
    }

    Session login(String user, long requestedTimeoutSeconds, Instant now) {
        purgeExpired(now);
        long own = sessions.values().stream().filter(s -> s.user.equals(user)).count()
                + occupied.stream().filter(s -> s.user.equals(user)).count();
        if (live() >= settings.maxClient() || own >= settings.maxSession()) {
            throw NitroErrors.connectionLimit(settings.limitStatus());
        }
        Duration timeout = requestedTimeoutSeconds > 0 ? Duration.ofSeconds(requestedTimeoutSeconds)
                : settings.sessionTimeout();
        if (settings.maxSessionTimeout() != null && timeout.compareTo(settings.maxSessionTimeout()) > 0) {
            timeout = settings.maxSessionTimeout();
        }
        String partition = settings.boundPartitions().getOrDefault(user, "default");
        Session session = new Session(nextSid++, "##" + HexFormat.of().withUpperCase().formatHex(randomBytes()), user,
                now, timeout, partition, "API");
        sessions.put(session.token, session);
        peak = Math.max(peak, live());
        return session;
    }

    /** The live session for a token, its idle timer reset; null when unknown, expired, killed or logged out. */
    Session touch(String token, Instant now) {
        purgeExpired(now);
        Session session = sessions.get(token);
        if (session != null) {
            session.lastActivity = now;
        }
        return session;
    }

    void logout(Session session) {
        sessions.remove(session.token);
    }

    boolean kill(int sid) {
        return sessions.values().removeIf(s -> s.sid == sid);
    }

    void killAll() {
        sessions.clear();
    }

    /** Other clients (the GUI, other automation) holding this many sessions, counted against the system cap. */
    void occupy(int count, Instant now) {
        occupied.clear();
        for (int i = 0; i < count; i++) {
            occupied.add(new Session(nextSid++, "", "nsroot", now, Duration.ofDays(365), "default", "GUI"));
        }
    }

    int live() {
        return sessions.size() + occupied.size();
    }

    int peak() {
        return peak;
    }

    List<Map<String, Object>> toJson(Session current, Instant now) {
        purgeExpired(now);
        List<Map<String, Object>> all = new ArrayList<>();
        sessions.values().forEach(s -> all.add(s.toJson(now, s == current)));
        occupied.forEach(s -> all.add(s.toJson(now, false)));
        return all;
    }

    Map<String, Object> stats(Instant now) {
        purgeExpired(now);
        Map<String, Long> byPartition = new LinkedHashMap<>();
        sessions.values().forEach(s -> byPartition.merge(s.partition, 1L, Long::sum));
        return Json.object("liveSessions", live(), "ownSessions", sessions.size(), "peakLiveSessions", peak,
                "sessionsByPartition", byPartition);
    }

    private void purgeExpired(Instant now) {
        sessions.values().removeIf(s -> s.expired(now));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

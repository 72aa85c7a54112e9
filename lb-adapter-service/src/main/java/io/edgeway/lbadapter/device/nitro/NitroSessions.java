package io.edgeway.lbadapter.device.nitro;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.reconcile.DeviceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The NITRO sessions of one appliance: at most {@code maxSessions}, each lent to one caller at a time. The partition
 * is session state on NetScaler, so a lent session is switched to the caller's partition first (an idle session
 * already there is preferred) and is never used by two callers, hence never by two partitions, at once. A session
 * the appliance expired or killed is dropped, and the retry logs in afresh; a 446 at login caps the pool at what it
 * holds for a while, since the rest of the appliance's budget belongs to others.
 * <p>
 * The pool's state is guarded by this object's monitor, held only inside the small synchronized methods below and
 * never during a call to the appliance.
 */
final class NitroSessions {

    /** One logged-in session and the partition it is switched to. */
    static final class Session {

        final String token;

        String partition = "default";

        Session(String token) {
            this.token = token;
        }

        Map<String, String> cookie() {
            return Map.of("Cookie", "NITRO_AUTH_TOKEN=" + token);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(NitroSessions.class);

    private static final Duration CEILING_AFTER_LIMIT = Duration.ofSeconds(10);

    private final NitroDeviceSettings settings;

    private final DeviceHttp http;

    private final Clock clock;

    private final AtomicInteger logins = new AtomicInteger();

    /** Idle sessions, least recently used first. */
    private final Deque<Session> idle = new ArrayDeque<>();

    /** Sessions that exist or are being created: idle, lent, logging in. */
    private int total;

    /** After a 446: how many sessions to make do with, and until when. */
    private int ceiling;

    private Instant ceilingUntil = Instant.MIN;

    NitroSessions(NitroDeviceSettings settings, DeviceHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    <T> T withSession(String partition, Function<Session, T> work) {
        Session session = acquire(partition);
        boolean expired = false;
        try {
            return work.apply(session);
        }
        catch (DeviceException e) {
            expired = e.kind() == DeviceException.Kind.SESSION_EXPIRED;
            throw e;
        }
        finally {
            release(session, expired);
        }
    }

    /** Logs out every idle session, on shutdown. */
    void close() {
        for (Session session : takeAllIdle()) {
            try {
                http.send("POST", "/nitro/v1/config/logout", Map.of("logout", Map.of()), session.cookie());
            }
            catch (DeviceException e) {
                log.debug("{}: session not logged out: {}", settings.name(), e.getMessage());
            }
        }
    }

    /** Sessions that exist or are being created now: idle, lent, logging in. */
    synchronized int inUse() {
        return total;
    }

    int logins() {
        return logins.get();
    }

    /** A session of the caller's own, switched to the partition. */
    private Session acquire(String partition) {
        long deadline = System.nanoTime() + settings.acquireTimeout().toNanos();
        while (true) {
            Session session = takeIdleOrReserveSlot(partition, deadline);
            if (session == null) {
                session = loginInReservedSlot();
            }
            if (session != null) {
                return switched(session, partition);
            }
            // The appliance refused the login, but the pool holds sessions: wait for one of them.
        }
    }

    /**
     * Waits until the deadline for, in this order: an idle session in the partition; a free slot below the limit,
     * reserved for the caller to log in (null); the least recently used idle session.
     */
    private synchronized Session takeIdleOrReserveSlot(String partition, long deadline) {
        try {
            while (true) {
                Session same = takeIdle(partition);
                if (same != null) {
                    return same;
                }
                if (total < limit()) {
                    total++;
                    return null;
                }
                if (!idle.isEmpty()) {
                    return idle.pollFirst();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DeviceException(settings.name(), DeviceException.Kind.SESSION_LIMIT, "all " + total
                            + " sessions stayed busy for " + settings.acquireTimeout().toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(settings.name(), DeviceException.Kind.TIMEOUT, "interrupted waiting for a session");
        }
    }

    /** A new session in the slot reserved for it; null when a 446 refused it but the pool has sessions to wait for. */
    private Session loginInReservedSlot() {
        try {
            return login();
        }
        catch (RuntimeException e) {
            boolean applianceFull = e instanceof DeviceException d && d.kind() == DeviceException.Kind.SESSION_LIMIT;
            if (freeReservedSlot(applianceFull)) {
                return null;
            }
            throw e;
        }
    }

    /** Frees the slot of a failed login; true when the appliance was full and the pool has sessions to make do with. */
    private synchronized boolean freeReservedSlot(boolean applianceFull) {
        total--;
        notifyAll();
        if (!applianceFull || total == 0) {
            return false;
        }
        // The rest of the appliance's budget belongs to others: make do with the sessions held.
        ceiling = total;
        ceilingUntil = clock.instant().plus(CEILING_AFTER_LIMIT);
        log.warn("{}: appliance session limit reached; using the {} session(s) held", settings.name(), total);
        return true;
    }

    private Session switched(Session session, String partition) {
        if (session.partition.equals(partition)) {
            return session;
        }
        try {
            DeviceHttp.Reply reply = http.send("POST", "/nitro/v1/config/nspartition?action=Switch",
                    Map.of("nspartition", Map.of("partitionname", partition)), session.cookie());
            if (!reply.ok()) {
                throw NitroErrors.from(settings.name(), "POST", "/nitro/v1/config/nspartition?action=Switch "
                        + partition, reply);
            }
            session.partition = partition;
            return session;
        }
        catch (DeviceException e) {
            // Back to the pool, or dropped when the appliance no longer knows it.
            release(session, e.kind() == DeviceException.Kind.SESSION_EXPIRED);
            throw e;
        }
    }

    private Session login() {
        DeviceHttp.Reply reply = http.send("POST", "/nitro/v1/config/login", Map.of("login", Map.of("username",
                settings.username(), "password", settings.password(), "timeout",
                settings.sessionTimeout().toSeconds())), Map.of());
        if (!reply.ok()) {
            throw NitroErrors.from(settings.name(), "POST", "/nitro/v1/config/login", reply);
        }
        JsonNode body = reply.json();
        String token = body.path("sessionid").asString(null);
        if (token == null) {
            throw new DeviceException(settings.name(), DeviceException.Kind.REJECTED, "login answered no sessionid");
        }
        logins.incrementAndGet();
        log.info("{}: logged in as {}", settings.name(), settings.username());
        return new Session(token);
    }

    private synchronized void release(Session session, boolean drop) {
        if (drop) {
            total--;
        }
        else {
            idle.addLast(session);
        }
        notifyAll();
    }

    private synchronized List<Session> takeAllIdle() {
        List<Session> sessions = new ArrayList<>(idle);
        total -= idle.size();
        idle.clear();
        return sessions;
    }

    /** The idle session most recently used in the partition, taken out of the pool; null when there is none. */
    private synchronized Session takeIdle(String partition) {
        for (Iterator<Session> it = idle.descendingIterator(); it.hasNext();) {
            Session session = it.next();
            if (session.partition.equals(partition)) {
                it.remove();
                return session;
            }
        }
        return null;
    }

    private synchronized int limit() {
        return clock.instant().isBefore(ceilingUntil) ? Math.min(ceiling, settings.maxSessions())
                : settings.maxSessions();
    }
}

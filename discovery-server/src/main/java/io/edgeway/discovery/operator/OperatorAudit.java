package io.edgeway.discovery.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who changed which instance's status, and when: one line each on the logger {@value #LOGGER} (route it to the audit
 * store), and the latest {@value #KEPT} in memory for the operator page.
 */
public final class OperatorAudit {

    /** The audit logger's name. */
    public static final String LOGGER = "edgeway.audit";

    private static final int KEPT = 50;

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final Clock clock;

    private final Deque<Entry> latest = new ArrayDeque<>();

    public OperatorAudit(Clock clock) {
        this.clock = clock;
    }

    /** One action: who, on which instance, what it did, and whether the registry knew the instance. */
    public record Entry(Instant at, String operator, String application, String instanceId, String action,
            boolean applied) {
    }

    /** Records an action. */
    public void record(String operator, String application, String instanceId, String action, boolean applied) {
        Entry entry = new Entry(clock.instant(), operator, application, instanceId, action, applied);
        log.atInfo().addKeyValue("operator", operator).addKeyValue("application", application)
                .addKeyValue("instance", instanceId).addKeyValue("action", action).addKeyValue("applied", applied)
                .log("{} {} {}/{} at {}{}", operator, action, application, instanceId, entry.at(),
                        applied ? "" : " (no such instance: nothing changed)");
        synchronized (latest) {
            latest.addFirst(entry);
            if (latest.size() > KEPT) {
                latest.removeLast();
            }
        }
    }

    /** The latest actions, newest first. */
    public List<Entry> latest() {
        synchronized (latest) {
            return List.copyOf(latest);
        }
    }
}

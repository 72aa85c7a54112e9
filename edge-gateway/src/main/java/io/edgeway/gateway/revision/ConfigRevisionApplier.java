package io.edgeway.gateway.revision;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.gateway.route.CheckedRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

import com.netflix.appinfo.ApplicationInfoManager;

/**
 * Applies a published commit to this gateway: fetches its config, validates it as the gateway would read it, then
 * swaps the config property sources and re-binds settings and routes in place. Unlike {@code /actuator/refresh},
 * this never re-creates beans, so the Eureka registration is not touched (no DOWN/UP flip) and requests in flight
 * finish on the routes they started with. A refused commit changes nothing.
 */
@Component
public class ConfigRevisionApplier {

    /** Eureka metadata key carrying the applied commit, so the dashboard shows the fleet converge. */
    public static final String METADATA_KEY = "config-revision";

    private static final Logger log = LoggerFactory.getLogger(ConfigRevisionApplier.class);

    private final ConfigServerClient server;

    private final CandidateConfigValidator validator;

    private final ConfigurableEnvironment environment;

    private final ApplicationContext context;

    private final ChangedPropertiesRebinder rebinder;

    private final CheckedRoutes routes;

    private final LastGoodConfigCache cache;

    private final ObjectProvider<ApplicationInfoManager> eureka;

    private final MeterRegistry meters;

    private final ApplySpans spans;

    private final Counter applied;

    private final Counter refused;

    private volatile AppliedRevision current;

    private Gauge revisionGauge;

    ConfigRevisionApplier(ConfigServerClient server, CandidateConfigValidator validator,
            ConfigurableEnvironment environment, ApplicationContext context, ChangedPropertiesRebinder rebinder,
            CheckedRoutes routes, LastGoodConfigCache cache, ObjectProvider<ApplicationInfoManager> eureka, ApplySpans spans,
            MeterRegistry meters) {
        this.spans = spans;
        this.server = server;
        this.validator = validator;
        this.environment = environment;
        this.context = context;
        this.rebinder = rebinder;
        this.routes = routes;
        this.cache = cache;
        this.eureka = eureka;
        this.meters = meters;
        this.applied = Counter.builder("edgeway.config.revisions.applied").register(meters);
        this.refused = Counter.builder("edgeway.config.revisions.refused").register(meters);
        String version = environment.getProperty(ConfigPropertySources.VERSION);
        boolean fromCache = environment.getPropertySources().stream()
                .anyMatch(s -> s.getName().startsWith(ConfigPropertySources.CACHE_PREFIX));
        this.current = new AppliedRevision(version, fromCache ? "local-cache" : "config-server", Instant.now(), null);
        Gauge.builder("edgeway.config.revision.age", () -> Instant.now().getEpochSecond() - current.appliedAt().getEpochSecond())
                .description("Seconds since this gateway applied its config").baseUnit("seconds").register(meters);
    }

    public AppliedRevision current() {
        return current;
    }

    /** Once started: advertise the commit the gateway booted with, and keep its config if it came from the server. */
    @EventListener(ApplicationReadyEvent.class)
    void started() {
        advertise(current.commit());
        if ("config-server".equals(current.source()) && current.commit() != null) {
            cache.write(ConfigPropertySources.served(environment.getPropertySources(),
                    environment.getProperty("spring.application.name"), current.commit()));
        }
    }

    /** Applies the commit unless it is already applied; returns whether the gateway now runs it. */
    public boolean apply(String commit) {
        return apply(commit, null);
    }

    /**
     * Applies the commit unless it is already applied, in a span continuing the trace of its publication (the W3C
     * {@code traceparent} the config server gave with it, or null); returns whether the gateway now runs it.
     */
    public synchronized boolean apply(String commit, String traceparent) {
        if (commit == null || (commit.equals(current.commit()) && "config-server".equals(current.source()))) {
            return commit != null;
        }
        if (current.lastRefused() != null && commit.equals(current.lastRefused().commit())) {
            return false; // the Redis fan-out resends the published commit; validating it again would change nothing
        }
        return spans.traced(commit, traceparent, () -> fetchValidateInstall(commit));
    }

    private boolean fetchValidateInstall(String commit) {
        long started = System.nanoTime();
        ServedConfig candidate = server.configAt(commit).block();
        long fetched = System.nanoTime();
        if (candidate == null || !commit.equals(candidate.version())) {
            throw new IllegalStateException("config server answered " + (candidate == null ? "nothing" : candidate.version())
                    + " for commit " + commit);
        }
        CheckedConfig checked = validator.validate(candidate);
        List<String> problems = checked.problems();
        long validated = System.nanoTime();
        if (!problems.isEmpty()) {
            refused.increment();
            current = new AppliedRevision(current.commit(), current.source(), current.appliedAt(),
                    new AppliedRevision.Refused(commit, Instant.now(), problems));
            log.warn("Refused config commit {}, still running {}: {}", commit, current.commit(),
                    String.join("; ", problems));
            return false;
        }
        Installed installed = install(candidate, checked, ConfigPropertySources.SERVER_PREFIX);
        current = new AppliedRevision(commit, "config-server", Instant.now(), current.lastRefused());
        applied.increment();
        cache.write(candidate);
        advertise(commit);
        long done = System.nanoTime();
        log.info("Applied config commit {} ({} keys changed) in {} ms: fetch {} ms, validate {} ms, apply {} ms"
                + " (re-bound {} in {} ms, settings and routes {} ms)", commit, installed.changed(),
                millis(started, done), millis(started, fetched), millis(fetched, validated), millis(validated, done),
                installed.rebound(), installed.rebindMillis(), installed.refreshMillis());
        return true;
    }

    /**
     * At start-up, when the config the gateway booted with failed {@link BootConfigGate}'s check: runs the last good
     * config from disk instead, already checked, and records the boot config as refused.
     */
    synchronized void startFrom(ServedConfig lastGood, CheckedConfig checked, String refusedCommit,
            List<String> problems) {
        install(lastGood, checked, ConfigPropertySources.CACHE_PREFIX);
        refused.increment();
        current = new AppliedRevision(lastGood.version(), "local-cache", Instant.now(),
                new AppliedRevision.Refused(refusedCommit, Instant.now(), problems));
    }

    /** Swaps the config sources for the candidate's, re-binds what changed and refreshes settings and routes. */
    private Installed install(ServedConfig candidate, CheckedConfig checked, String prefix) {
        Set<String> changed = ConfigPropertySources.replace(environment.getPropertySources(),
                ConfigPropertySources.of(candidate, prefix), null);
        long swapped = System.nanoTime();
        Collection<String> rebound = rebinder.rebind(changed, checked.gateway());
        long reboundAt = System.nanoTime();
        routes.offer(checked.gateway().getRoutes(), checked.routes());
        // Settings records (LiveProperties) and routes (RefreshRoutesOnConfigChange) follow this event. Its source is
        // not the context, so Spring Cloud's rebinder leaves the beans that no changed key touches alone.
        context.publishEvent(new EnvironmentChangeEvent(this, changed));
        routes.withdraw();
        long refreshed = System.nanoTime();
        return new Installed(changed.size(), rebound, millis(swapped, reboundAt), millis(reboundAt, refreshed));
    }

    private record Installed(int changed, Collection<String> rebound, long rebindMillis, long refreshMillis) {
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private void advertise(String commit) {
        if (commit == null) {
            return;
        }
        if (revisionGauge != null) {
            meters.remove(revisionGauge);
        }
        revisionGauge = Gauge.builder("edgeway.config.revision", () -> 1).tag("commit", commit)
                .description("The config commit this gateway runs (value always 1)").register(meters);
        ApplicationInfoManager manager = eureka.getIfAvailable();
        if (manager != null) {
            // Marks the instance dirty; the replicator re-registers it within a second.
            manager.registerAppMetadata(Map.of(METADATA_KEY, commit));
        }
    }
}

package io.edgeway.gateway.revision;

import java.time.Duration;

import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The ways this gateway hears of a new commit: the config server's event stream (pushed at once), the Redis fan-out
 * for fleets (when enabled), and a periodic check that bounds staleness when every push is lost. Each path reconnects
 * on its own. A notice is only a hint: what is applied is always what the config server, asked over authenticated
 * HTTP, publishes now; never the commit a Redis message names, since anyone who can {@code PUBLISH} can send one.
 * Checks run one at a time off the event loop, coalesced ({@link CoalescedChecks}); Redis notices of the commit
 * running (the config server resends it every few seconds) or last refused are dropped, and the others start a check
 * at most once per {@link #REDIS_CHECK_SPACING}.
 */
@Component
@ConditionalOnProperty(name = "spring.cloud.config.enabled", matchIfMissing = true)
class ConfigRevisionSubscriptions implements SmartLifecycle {

    /** Redis notices start a check at most this often, so a flood of them costs the config server nothing more. */
    static final Duration REDIS_CHECK_SPACING = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ConfigRevisionSubscriptions.class);

    private static final Duration FIRST_CHECK = Duration.ofSeconds(1);

    private final ConfigServerClient server;

    private final ConfigRevisionApplier applier;

    private final LiveProperties<EdgeGatewayProperties> settings;

    private final ObjectProvider<ReactiveRedisConnectionFactory> redis;

    private final Counter streamNotices;

    private final Counter redisNotices;

    private final Counter redisDropped;

    private final Counter checks;

    /** The newest commit the config server's stream announced: its own word, over authenticated HTTP. */
    private volatile ConfigServerClient.Commit streamed;

    private volatile CoalescedChecks checking;

    private volatile Disposable.Composite subscriptions = Disposables.composite();

    ConfigRevisionSubscriptions(ConfigServerClient server, ConfigRevisionApplier applier,
            LiveProperties<EdgeGatewayProperties> settings, ObjectProvider<ReactiveRedisConnectionFactory> redis,
            MeterRegistry meters) {
        this.server = server;
        this.applier = applier;
        this.settings = settings;
        this.redis = redis;
        this.streamNotices = notices(meters, "stream");
        this.redisNotices = notices(meters, "redis");
        this.redisDropped = Counter.builder("edgeway.config.revision.notices.dropped").tag("path", "redis")
                .description("Notices dropped unchecked: of the commit running or last refused").register(meters);
        this.checks = Counter.builder("edgeway.config.revision.checks")
                .description("Checks of the commit the config server publishes").register(meters);
    }

    private static Counter notices(MeterRegistry meters, String path) {
        return Counter.builder("edgeway.config.revision.notices").tag("path", path)
                .description("Notices of a new config commit received").register(meters);
    }

    @Override
    public void start() {
        EdgeGatewayProperties.ConfigPush push = settings.get().configPush();
        checking = new CoalescedChecks("config-revision", REDIS_CHECK_SPACING, this::checkPublished);
        subscriptions = Disposables.composite();
        if (push.stream()) {
            subscriptions.add(Flux.defer(server::stream)
                    .repeatWhen(done -> done.delayElements(Duration.ofSeconds(1)))
                    .retryWhen(reconnect("config stream"))
                    .subscribe(this::streamNotice));
        }
        if (push.redis()) {
            // The listener container connects when created: made per attempt, so a Redis that is down at start-up
            // (or later) only delays this path and never fails the gateway.
            subscriptions.add(Flux.usingWhen(
                    Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(redis.getObject()))
                            .subscribeOn(Schedulers.boundedElastic()),
                    container -> container.receive(ChannelTopic.of(push.redisChannel())),
                    container -> Mono.fromRunnable(container::destroy))
                    .map(message -> message.getMessage())
                    .retryWhen(reconnect("Redis fan-out"))
                    .subscribe(this::redisNotice));
        }
        subscriptions.add(Flux.interval(FIRST_CHECK, push.checkInterval()).subscribe(tick -> checking.now()));
    }

    private static Retry reconnect(String path) {
        return Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(signal -> log.debug("{} lost, reconnecting: {}", path, signal.failure().getMessage()));
    }

    void streamNotice(ConfigServerClient.Commit commit) {
        streamNotices.increment();
        streamed = commit;
        if (!runs(commit.commit())) {
            checking.now();
        }
    }

    void redisNotice(String message) {
        redisNotices.increment();
        AppliedRevision.Refused refused = applier.current().lastRefused();
        if (runs(message) || (refused != null && message.equals(refused.commit()))) {
            redisDropped.increment();
            return;
        }
        checking.spaced();
    }

    private boolean runs(String commit) {
        AppliedRevision current = applier.current();
        return commit.equals(current.commit()) && "config-server".equals(current.source());
    }

    /**
     * On the check thread: applies what the config server publishes now (the applier skips what it runs already).
     * Asking, rather than applying what a notice names, also keeps a late notice (a periodic check or a Redis resend
     * overtaken by the stream) from taking the gateway back to an older commit.
     */
    private void checkPublished() {
        checks.increment();
        ConfigServerClient.Commit commit;
        try {
            commit = server.published().block();
        }
        catch (RuntimeException ex) {
            // The stream is the config server's own word: its newest commit stands in for the answer. A Redis
            // message never does.
            commit = streamed;
            log.debug("Config server did not say which commit it publishes ({}); {}", ex.getMessage(),
                    commit == null ? "nothing to apply" : "applying " + commit.commit() + ", the newest on its stream");
        }
        if (commit == null) {
            return;
        }
        try {
            applier.apply(commit.commit(), commit.traceparent());
        }
        catch (RuntimeException ex) {
            log.warn("Could not apply config commit {}: {}", commit.commit(), ex.getMessage());
        }
    }

    @Override
    public void stop() {
        subscriptions.dispose();
        if (checking != null) {
            checking.close();
        }
    }

    @Override
    public boolean isRunning() {
        return !subscriptions.isDisposed() && subscriptions.size() > 0;
    }
}

package io.edgeway.gateway.revision;

import java.time.Duration;
import java.util.concurrent.Executors;

import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.support.LiveProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The ways a new commit reaches this gateway: the config server's event stream (pushed at once), the Redis fan-out
 * for fleets (when enabled), and a periodic check of the published commit that bounds staleness when every push is
 * lost. Each path reconnects on its own; commits are applied one at a time, off the event loop.
 */
@Component
@ConditionalOnProperty(name = "spring.cloud.config.enabled", matchIfMissing = true)
class ConfigRevisionSubscriptions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigRevisionSubscriptions.class);

    private static final Duration FIRST_CHECK = Duration.ofSeconds(1);

    private final ConfigServerClient server;

    private final ConfigRevisionApplier applier;

    private final LiveProperties<EdgeGatewayProperties> settings;

    /** One thread that may block (fetching and validating a commit); never a Netty event loop. */
    private final Scheduler applying = Schedulers.fromExecutorService(
            Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "config-revision")), "config-revision");

    private volatile Disposable.Composite subscriptions = Disposables.composite();

    private final ObjectProvider<ReactiveRedisConnectionFactory> redis;

    ConfigRevisionSubscriptions(ConfigServerClient server, ConfigRevisionApplier applier, LiveProperties<EdgeGatewayProperties> settings,
            ObjectProvider<ReactiveRedisConnectionFactory> redis) {
        this.server = server;
        this.applier = applier;
        this.settings = settings;
        this.redis = redis;
    }

    @Override
    public void start() {
        EdgeGatewayProperties.ConfigPush push = settings.get().configPush();
        subscriptions = Disposables.composite();
        if (push.stream()) {
            subscriptions.add(Flux.defer(server::stream)
                    .repeatWhen(done -> done.delayElements(Duration.ofSeconds(1)))
                    .retryWhen(reconnect("config stream"))
                    .concatMap(this::apply)
                    .subscribe());
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
                    .concatMap(this::apply)
                    .subscribe());
        }
        subscriptions.add(Flux.interval(FIRST_CHECK, push.checkInterval())
                .concatMap(tick -> server.published().onErrorResume(ex -> {
                    log.debug("Config server not reachable for the periodic check: {}", ex.getMessage());
                    return Mono.empty();
                }))
                .concatMap(this::apply)
                .subscribe());
    }

    private static Retry reconnect(String path) {
        return Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(signal -> log.debug("{} lost, reconnecting: {}", path, signal.failure().getMessage()));
    }

    /**
     * Applies what the config server publishes now, once a path noticed a commit (the applier skips what it runs
     * already); a failure is logged, never fatal. A notice is only a hint: one that arrives late (a periodic check
     * or a Redis resend overtaken by the stream) would otherwise take the gateway back to an older commit.
     */
    Mono<Boolean> apply(String noticed) {
        return Mono.fromCallable(() -> applier.apply(publishedNow(noticed))).subscribeOn(applying)
                .onErrorResume(ex -> {
                    log.warn("Could not apply config commit {}: {}", noticed, ex.getMessage());
                    return Mono.just(false);
                });
    }

    private String publishedNow(String noticed) {
        if (noticed.equals(applier.current().commit())) {
            return noticed;
        }
        try {
            String published = server.published().block();
            return published != null ? published : noticed;
        }
        catch (RuntimeException ex) {
            return noticed; // the server is not answering: the fetch of the noticed commit will tell
        }
    }

    @Override
    public void stop() {
        subscriptions.dispose();
    }

    @Override
    public boolean isRunning() {
        return !subscriptions.isDisposed() && subscriptions.size() > 0;
    }
}

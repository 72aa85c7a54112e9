package io.edgeway.config.revision;

import java.time.Duration;

import io.edgeway.config.config.ConfigPushProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every validated commit on a Redis channel, for a fleet of gateways, and sends the published commit
 * again every {@code redis-republish-interval}: pub/sub keeps nothing for a subscriber that was away, so this is
 * what bounds how stale a gateway stays after Redis or its connection comes back. Fire and forget: a Redis that is
 * down costs a log line and a metric, never a delay to the direct (event stream) path.
 */
@Component
@ConditionalOnProperty(prefix = ConfigPushProperties.PREFIX, name = "redis-fanout", havingValue = "true")
class RedisRevisionFanout implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisRevisionFanout.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveStringRedisTemplate redis;

    private final String channel;

    private final Counter failures;

    private final Disposable republishing;

    RedisRevisionFanout(ConfigRevisions revisions, ReactiveStringRedisTemplate redis, ConfigPushProperties properties,
            MeterRegistry meters) {
        this.redis = redis;
        this.channel = properties.redisChannel();
        this.failures = Counter.builder("edgeway.config.fanout.failures")
                .description("Commits that could not be published on Redis").register(meters);
        revisions.onPublish(revision -> send(revision.commit(), true).subscribe());
        this.republishing = Flux.interval(properties.redisRepublishInterval())
                .concatMap(tick -> Mono.justOrEmpty(revisions.published()).flatMap(revision -> send(revision.commit(), false)))
                .subscribe();
    }

    /** Sends a commit; a failed resend is only logged at debug, since the next one follows within the interval. */
    private Mono<Long> send(String commit, boolean isNew) {
        return redis.convertAndSend(channel, commit).timeout(TIMEOUT)
                .doOnNext(receivers -> log.debug("Commit {} sent to {} gateways", commit, receivers))
                .onErrorResume(ex -> {
                    if (!isNew) {
                        log.debug("Could not resend commit {} on Redis: {}", commit, ex.getMessage());
                        return Mono.empty();
                    }
                    failures.increment();
                    log.warn("Could not publish commit {} on Redis: {}", commit, ex.getMessage());
                    return Mono.empty();
                });
    }

    @Override
    public void destroy() {
        republishing.dispose();
    }
}

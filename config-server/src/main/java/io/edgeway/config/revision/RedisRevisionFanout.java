package io.edgeway.config.revision;

import java.time.Duration;

import io.edgeway.config.config.ConfigPushProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every validated commit on a Redis channel, for a fleet of gateways. Fire and forget: a Redis that is
 * down costs a log line and a metric, never a delay to the direct (event stream) path.
 */
@Component
@ConditionalOnProperty(prefix = ConfigPushProperties.PREFIX, name = "redis-fanout", havingValue = "true")
class RedisRevisionFanout {

    private static final Log log = LogFactory.getLog(RedisRevisionFanout.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    RedisRevisionFanout(ConfigRevisions revisions, ReactiveStringRedisTemplate redis, ConfigPushProperties properties,
            MeterRegistry meters) {
        Counter failures = Counter.builder("edgeway.config.fanout.failures")
                .description("Commits that could not be published on Redis").register(meters);
        revisions.onPublish(revision -> redis.convertAndSend(properties.redisChannel(), revision.commit())
                .timeout(TIMEOUT)
                .subscribe(receivers -> log.debug("Commit " + revision.commit() + " sent to " + receivers + " gateways"),
                        ex -> {
                            failures.increment();
                            log.warn("Could not publish commit " + revision.commit() + " on Redis: " + ex.getMessage());
                        }));
    }
}

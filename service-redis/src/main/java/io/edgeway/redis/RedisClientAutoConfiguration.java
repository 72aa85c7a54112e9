package io.edgeway.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The Lettuce client resources of every service: Redis is optional everywhere (config fan-out, shared rate limits,
 * the adapter's leader election), so an unused client must cost nothing, and a used one must come back fast.
 */
@AutoConfiguration
@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
public class RedisClientAutoConfiguration {

    /**
     * Lettuce starts its own timer at once, and its thread wakes every 100 ms for the life of the JVM (about 1 ms
     * of CPU per second on this stack's idle services) even when no command is ever sent. Netty starts this one on
     * its first timeout, that is, on the first use of Redis.
     */
    @Bean(destroyMethod = "stop")
    HashedWheelTimer redisClientTimer() {
        return new HashedWheelTimer(new DefaultThreadFactory("lettuce-timer", true));
    }

    /**
     * Lettuce retries a lost connection with a back-off that grows to 30 s; config fan-out, shared rate limits and
     * leader election must resume within seconds of Redis coming back, so the back-off stops at 1 s.
     */
    @Bean
    ClientResourcesBuilderCustomizer edgewayRedisClientResources(HashedWheelTimer redisClientTimer) {
        return resources -> resources.timer(redisClientTimer).reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }
}

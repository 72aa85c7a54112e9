package io.edgeway.gateway.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce retries a lost Redis connection with a back-off that grows to 30 s; config commits fanned out over Redis
 * and shared rate limits must resume within seconds of Redis coming back, so the back-off stops at 1 s.
 */
@Configuration(proxyBeanMethods = false)
class RedisReconnectConfig {

    @Bean
    ClientResourcesBuilderCustomizer shortRedisReconnectDelay() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }

    /**
     * By default Lettuce queues commands while it reconnects, so each one waits for the command timeout (1 s);
     * refused at once instead, a stopped Redis costs a rate-limited request nothing (it fails open).
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectRedisCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}

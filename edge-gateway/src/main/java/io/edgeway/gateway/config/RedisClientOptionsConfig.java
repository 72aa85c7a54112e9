package io.edgeway.gateway.config;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the gateway's Redis commands behave while Redis is away (the reconnect back-off: service-redis). */
@Configuration(proxyBeanMethods = false)
class RedisClientOptionsConfig {

    /**
     * By default Lettuce queues commands while it reconnects, so each one waits for the command timeout (1 s);
     * refused at once instead, a stopped Redis costs a rate-limited request nothing (it fails open).
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectRedisCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}

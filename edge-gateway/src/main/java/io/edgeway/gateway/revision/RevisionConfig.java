package io.edgeway.gateway.revision;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Where the last applied config is kept. */
@Configuration(proxyBeanMethods = false)
class RevisionConfig {

    @Bean
    LastGoodConfigCache lastGoodConfigCache(Environment environment) {
        return LastGoodConfigCache.of(environment);
    }
}

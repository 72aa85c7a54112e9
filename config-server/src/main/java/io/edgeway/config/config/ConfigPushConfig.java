package io.edgeway.config.config;

import io.edgeway.config.revision.CommitEnvironmentCache;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Polls the repository for new commits, keeps revision streams alive and answers for a commit from memory. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ConfigPushProperties.class)
class ConfigPushConfig {

    /** After Spring Security's filter chain (order -100), so cached answers are only given to authenticated clients. */
    @Bean
    FilterRegistrationBean<CommitEnvironmentCache> commitEnvironmentCache(MeterRegistry meters) {
        FilterRegistrationBean<CommitEnvironmentCache> registration = new FilterRegistrationBean<>(
                new CommitEnvironmentCache(256, meters));
        registration.setOrder(0);
        return registration;
    }
}

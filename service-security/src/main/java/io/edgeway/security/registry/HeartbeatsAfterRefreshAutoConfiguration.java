package io.edgeway.security.registry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.netflix.eureka.CloudEurekaClient;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.annotation.Bean;

/** Services with a Eureka client get {@link HeartbeatsAfterRefreshMulticaster} as their event multicaster. */
@AutoConfiguration
@ConditionalOnClass(CloudEurekaClient.class)
public final class HeartbeatsAfterRefreshAutoConfiguration {

    @Bean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME)
    static HeartbeatsAfterRefreshMulticaster applicationEventMulticaster() {
        return new HeartbeatsAfterRefreshMulticaster();
    }
}

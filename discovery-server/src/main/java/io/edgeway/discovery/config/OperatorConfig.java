package io.edgeway.discovery.config;

import java.time.Clock;

import com.netflix.eureka.registry.PeerAwareInstanceRegistry;
import io.edgeway.discovery.operator.InstanceStatusActions;
import io.edgeway.discovery.operator.OperatorAudit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator view's status actions and their audit. */
@Configuration(proxyBeanMethods = false)
class OperatorConfig {

    @Bean
    OperatorAudit operatorAudit() {
        return new OperatorAudit(Clock.systemUTC());
    }

    @Bean
    InstanceStatusActions instanceStatusActions(PeerAwareInstanceRegistry registry, OperatorAudit audit) {
        return new InstanceStatusActions(registry, audit);
    }
}

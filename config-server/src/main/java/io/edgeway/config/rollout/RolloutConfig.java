package io.edgeway.config.rollout;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.edgeway.config.revision.ConfigRevisions;
import io.edgeway.config.revision.Revision;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.config.environment.Environment;
import org.springframework.cloud.config.environment.PropertySource;
import org.springframework.cloud.config.server.environment.EnvironmentController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rollout controller, reading plans through Spring Cloud Config's own controller, as the gateways get them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RolloutProperties.class)
class RolloutConfig {

    @Bean
    RolloutController rolloutController(RolloutProperties properties, ConfigRevisions revisions,
            ObjectProvider<EnvironmentController> environments, MeterRegistry meters) {
        return new RolloutController(properties, () -> revisions.published().map(Revision::commit), commit -> {
            Environment environment = environments.getObject().labelled(properties.application(),
                    properties.profiles(), commit);
            List<Map<?, ?>> sources = environment.getPropertySources().stream().map(PropertySource::getSource)
                    .<Map<?, ?>>map(source -> source).toList();
            return RolloutTargets.of(sources);
        }, Clock.systemUTC(), meters);
    }
}

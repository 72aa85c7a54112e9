package io.edgeway.gateway.revision;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo;
import io.edgeway.gateway.route.CheckedRoutes;
import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.gateway.filter.factory.SetPathGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetStatusGatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.format.support.DefaultFormattingConversionService;

/**
 * The parts of a gateway that applying a commit touches, real ones: the applier, the config-server client, the
 * validator with a few of the gateway's own route factories, the re-binder, the last-good cache, one group of live
 * settings, a meter registry and a Eureka instance to advertise to. No web server, no route locator.
 *
 * <p>Not a {@code @Configuration}, so that the gateway's component scan leaves it out of every
 * {@code @SpringBootTest}.
 */
@EnableConfigurationProperties
@Import({ ConfigRevisionApplier.class, ApplySpans.class, CandidateConfigValidator.class, ChangedPropertiesRebinder.class,
        CheckedRoutes.class, ConfigServerClient.class, RevisionConfig.class })
class PushParts {

    /** A context of these parts that booted with {@code config} from the server at {@code server}. */
    static ApplicationContextRunner bootedFrom(String server, ServedConfig config, java.nio.file.Path cacheFile) {
        return bootedFrom(server, config, ConfigPropertySources.SERVER_PREFIX, cacheFile);
    }

    /** As above, with the property sources named as the config client ({@code configserver:}) or the cache names them. */
    static ApplicationContextRunner bootedFrom(String server, ServedConfig config, String prefix,
            java.nio.file.Path cacheFile) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesRebinderAutoConfiguration.class))
                .withUserConfiguration(PushParts.class)
                .withPropertyValues("spring.application.name=edge-gateway",
                        "edgeway.gateway.config-push.server-uri=" + server,
                        "edgeway.gateway.config-push.cache-file=" + cacheFile,
                        "edgeway.gateway.route-targets.hosts=127.0.0.1",
                        "spring.cloud.config.username=config", "spring.cloud.config.password=stub-secret")
                .withInitializer(context -> {
                    var sources = context.getEnvironment().getPropertySources();
                    for (ServedConfig.Source source : config.propertySources()) {
                        sources.addLast(new MapPropertySource(prefix + source.name(), source.source()));
                    }
                    sources.addLast(new MapPropertySource(ConfigPropertySources.CLIENT,
                            Map.of(ConfigPropertySources.VERSION, config.version())));
                });
    }

    @Bean
    LiveProperties<EdgeGatewayProperties> edgeGatewaySettings(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.GATEWAY);
    }

    @Bean
    SimpleMeterRegistry meters() {
        return new SimpleMeterRegistry();
    }

    @Bean
    ApplicationInfoManager eureka() {
        return new ApplicationInfoManager(null, InstanceInfo.Builder.newBuilder().setAppName("edge-gateway")
                .setInstanceId("edge-gateway-1").setHostName("127.0.0.1").build());
    }

    @Bean
    PathRoutePredicateFactory pathRoutePredicateFactory() {
        return new PathRoutePredicateFactory(new WebFluxProperties());
    }

    @Bean
    SetPathGatewayFilterFactory setPathGatewayFilterFactory() {
        return new SetPathGatewayFilterFactory();
    }

    @Bean
    SetStatusGatewayFilterFactory setStatusGatewayFilterFactory() {
        return new SetStatusGatewayFilterFactory();
    }

    @Bean
    ConfigurationService gatewayConfigurationService(BeanFactory beanFactory) {
        return new ConfigurationService(beanFactory, DefaultFormattingConversionService::new, () -> null);
    }

    @Bean
    RecordedChanges recordedChanges() {
        return new RecordedChanges();
    }

    /** The key sets of every config change event, as the settings and routes listeners receive them. */
    static final class RecordedChanges implements ApplicationListener<EnvironmentChangeEvent> {

        private final List<Set<String>> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(EnvironmentChangeEvent event) {
            events.add(Set.copyOf(event.getKeys()));
        }

        List<Set<String>> events() {
            return List.copyOf(events);
        }
    }
}

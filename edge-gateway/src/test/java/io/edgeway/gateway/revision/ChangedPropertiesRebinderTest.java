package io.edgeway.gateway.revision;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ChangedPropertiesRebinderTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesRebinderAutoConfiguration.class))
            .withUserConfiguration(TwoGroups.class)
            .withBean(ChangedPropertiesRebinder.class)
            .withPropertyValues("routes.weight=5", "other.weight=5");

    @Test
    void rebindsOnlyTheBeansUnderAChangedKey() {
        context.run(context -> {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("commit",
                    Map.of("routes.weight", "10", "other.weight", "10")));

            var rebound = context.getBean(ChangedPropertiesRebinder.class).rebind(List.of("routes.weight"));

            assertThat(rebound).containsExactly("routes-" + RoutesProperties.class.getName());
            assertThat(context.getBean(RoutesProperties.class).getWeight()).isEqualTo(10);
            assertThat(context.getBean(OtherProperties.class).getWeight()).isEqualTo(5);
        });
    }

    @Test
    void aChangedParentKeyRebindsTheBeansBelowIt() {
        context.run(context -> {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("commit",
                    Map.of("routes.weight", "20")));

            context.getBean(ChangedPropertiesRebinder.class).rebind(List.of("routes"));

            assertThat(context.getBean(RoutesProperties.class).getWeight()).isEqualTo(20);
        });
    }

    @Test
    void aBeanWithABoundCopyTakesTheCopysValuesInsteadOfBeingBoundAgain() {
        context.run(context -> {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("commit",
                    Map.of("routes.weight", "10", "other.weight", "10")));
            RoutesProperties checked = new RoutesProperties();
            checked.setWeight(30);

            var rebound = context.getBean(ChangedPropertiesRebinder.class)
                    .rebind(List.of("routes.weight", "other.weight"), checked);

            assertThat(rebound).hasSize(2);
            assertThat(context.getBean(RoutesProperties.class).getWeight()).as("copied, not bound").isEqualTo(30);
            assertThat(context.getBean(OtherProperties.class).getWeight()).as("bound").isEqualTo(10);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({RoutesProperties.class, OtherProperties.class})
    static class TwoGroups {
    }

    /** A mutable settings bean, the kind Spring Cloud re-binds. */
    abstract static class WeightProperties {

        private int weight;

        public int getWeight() {
            return weight;
        }

        public void setWeight(int weight) {
            this.weight = weight;
        }
    }

    @ConfigurationProperties("routes")
    static class RoutesProperties extends WeightProperties {
    }

    @ConfigurationProperties("other")
    static class OtherProperties extends WeightProperties {
    }
}

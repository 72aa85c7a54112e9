package io.edgeway.security.secrets;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DiscoveryClientUrlCredentialsTest {

    @Test
    void movesTheUserInfoOfEveryServiceUrlIntoTheCredentialProperties() {
        StandardEnvironment environment = environment(Map.of("eureka.client.service-url.defaultZone",
                "http://eureka:p%40ss:word@127.0.0.1:8761/eureka/, http://eureka:p%40ss:word@127.0.0.2:8762/eureka/"));

        process(environment);

        assertThat(environment.getProperty("eureka.client.service-url.defaultZone"))
                .isEqualTo("http://127.0.0.1:8761/eureka/,http://127.0.0.2:8762/eureka/");
        assertThat(environment.getProperty("edgeway.discovery-client.username")).isEqualTo("eureka");
        assertThat(environment.getProperty("edgeway.discovery-client.password")).isEqualTo("p@ss:word");
    }

    @Test
    void leavesUrlsWithoutUserInfoAndExplicitCredentialsAlone() {
        StandardEnvironment environment = environment(Map.of("eureka.client.service-url.defaultZone",
                "http://127.0.0.1:8761/eureka/", "edgeway.discovery-client.username", "backend",
                "edgeway.discovery-client.password", "s3cret"));

        process(environment);

        assertThat(environment.getPropertySources().contains(DiscoveryClientUrlCredentials.PROPERTY_SOURCE)).isFalse();
        assertThat(environment.getProperty("edgeway.discovery-client.password")).isEqualTo("s3cret");
    }

    @Test
    void aUrlsUserInfoWinsOverTheDefaultCredentials() {
        StandardEnvironment environment = environment(Map.of("eureka.client.service-url.defaultZone",
                "http://gateway:url-secret@127.0.0.1:8761/eureka/", "edgeway.discovery-client.username", "eureka",
                "edgeway.discovery-client.password", "default-secret"));

        process(environment);

        assertThat(environment.getProperty("edgeway.discovery-client.username")).isEqualTo("gateway");
        assertThat(environment.getProperty("edgeway.discovery-client.password")).isEqualTo("url-secret");
    }

    @Test
    void aMalformedUrlIsReportedWithoutItsPassword() {
        StandardEnvironment environment = environment(Map.of("eureka.client.service-url.defaultZone",
                "http://eureka:bad secret@127.0.0.1:8761/eureka/"));

        assertThatIllegalStateException().isThrownBy(() -> process(environment))
                .withMessageContaining("http://***@127.0.0.1:8761/eureka/").withNoCause()
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("bad secret"));
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    private static void process(StandardEnvironment environment) {
        new DiscoveryClientUrlCredentials().postProcessEnvironment(environment, new SpringApplication());
    }
}

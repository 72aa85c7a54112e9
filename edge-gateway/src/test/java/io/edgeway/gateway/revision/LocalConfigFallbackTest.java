package io.edgeway.gateway.revision;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LocalConfigFallbackTest {

    private static final String LOCAL = "Config resource 'class path resource [application.yml]' via location "
            + "'optional:classpath:/'";

    private static final ServedConfig CACHED = new ServedConfig("edge-gateway", "c7", List.of(
            new ServedConfig.Source("edge-gateway.yml", Map.of("greeting", "from the cache", "only.cached", "yes"))));

    private final LocalConfigFallback fallback = new LocalConfigFallback(destination -> destination.get());

    @TempDir
    Path dir;

    @Test
    void withoutTheServerItStartsFromTheCachedConfigAboveTheLocalFiles() {
        new LastGoodConfigCache(cacheFile()).write(CACHED);
        StandardEnvironment environment = gatewayEnvironment();

        fallback.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("greeting")).isEqualTo("from the cache");
        assertThat(environment.getProperty("only.cached")).isEqualTo("yes");
        assertThat(environment.getProperty(ConfigPropertySources.VERSION)).isEqualTo("c7");
        assertThat(environment.getPropertySources().stream().map(PropertySource::getName)).containsSubsequence(
                "configcache:edge-gateway.yml", ConfigPropertySources.CLIENT, LOCAL);
    }

    @Test
    void theCommandLineStillWinsOverTheCache() {
        new LastGoodConfigCache(cacheFile()).write(CACHED);
        StandardEnvironment environment = gatewayEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs",
                Map.of("greeting", "from the command line")));

        fallback.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("greeting")).isEqualTo("from the command line");
    }

    @Test
    void aConfigServedByTheServerIsLeftAlone() {
        new LastGoodConfigCache(cacheFile()).write(CACHED);
        StandardEnvironment environment = gatewayEnvironment();
        environment.getPropertySources().addBefore(LOCAL, new MapPropertySource("configserver:edge-gateway.yml",
                Map.of("greeting", "from the server")));

        fallback.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("greeting")).isEqualTo("from the server");
        assertThat(environment.getProperty("only.cached")).isNull();
    }

    @Test
    void withTheConfigClientDisabledTheCacheIsNotRead() {
        new LastGoodConfigCache(cacheFile()).write(CACHED);
        StandardEnvironment environment = gatewayEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("spring.cloud.config.enabled", "false")));

        fallback.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("greeting")).isEqualTo("built in");
    }

    @Test
    void withoutACacheItStartsWithTheBuiltInConfig() {
        StandardEnvironment environment = gatewayEnvironment();

        fallback.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("greeting")).isEqualTo("built in");
        assertThat(environment.getPropertySources().stream()).noneMatch(ConfigPropertySources::isConfig);
    }

    /** A gateway's environment once config data is loaded, with no answer from the config server. */
    private StandardEnvironment gatewayEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource(LOCAL, Map.of("greeting", "built in",
                "spring.application.name", "edge-gateway",
                "edgeway.gateway.config-push.cache-file", cacheFile().toString())));
        return environment;
    }

    private Path cacheFile() {
        return dir.resolve("edge-gateway-config.json");
    }
}

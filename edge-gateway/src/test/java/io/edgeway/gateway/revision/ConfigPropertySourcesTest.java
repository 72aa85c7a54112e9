package io.edgeway.gateway.revision;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigPropertySourcesTest {

    private static final ServedConfig C1 = new ServedConfig("edge-gateway", "c1", List.of(
            new ServedConfig.Source("edge-gateway-prod.yml", Map.of("a", "prod")),
            new ServedConfig.Source("edge-gateway.yml", Map.of("a", "default", "b", "1", "c", "1"))));

    private static final ServedConfig C2 = new ServedConfig("edge-gateway", "c2", List.of(
            new ServedConfig.Source("edge-gateway.yml", Map.of("a", "default", "b", "2", "d", "1"))));

    @Test
    void namesTheSourcesAsTheConfigClientDoesWithTheVersionLast() {
        List<PropertySource<?>> sources = ConfigPropertySources.of(C1, ConfigPropertySources.SERVER_PREFIX);

        assertThat(sources).extracting(PropertySource::getName).containsExactly("configserver:edge-gateway-prod.yml",
                "configserver:edge-gateway.yml", "configClient");
        assertThat(sources.get(2).getProperty(ConfigPropertySources.VERSION)).isEqualTo("c1");
        assertThat(sources).allMatch(ConfigPropertySources::isConfig);
    }

    @Test
    void replacesTheConfigSourcesWhereTheyAreAndReturnsTheChangedKeys() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("commandLineArgs", Map.of("a", "command line")));
        ConfigPropertySources.of(C1, ConfigPropertySources.SERVER_PREFIX).forEach(sources::addLast);
        sources.addLast(new MapPropertySource("Config resource 'application.yml'", Map.of("e", "local")));

        var changed = ConfigPropertySources.replace(sources, ConfigPropertySources.of(C2,
                ConfigPropertySources.SERVER_PREFIX), null);

        // a: the profile file that set it is gone, so the default file's value wins now.
        assertThat(changed).containsExactlyInAnyOrder("a", "b", "c", "d", ConfigPropertySources.VERSION);
        assertThat(sources.stream().map(PropertySource::getName)).containsExactly("commandLineArgs",
                "configserver:edge-gateway.yml", "configClient", "Config resource 'application.yml'");
    }

    @Test
    void theCacheSourcesAreReplacedByTheServerOnes() {
        MutablePropertySources sources = new MutablePropertySources();
        ConfigPropertySources.of(C1, ConfigPropertySources.CACHE_PREFIX).forEach(sources::addLast);

        ConfigPropertySources.replace(sources, ConfigPropertySources.of(C1, ConfigPropertySources.SERVER_PREFIX), null);

        assertThat(sources.stream().map(PropertySource::getName)).containsExactly("configserver:edge-gateway-prod.yml",
                "configserver:edge-gateway.yml", "configClient");
    }

    @Test
    void withoutConfigSourcesTheyGoBeforeTheNamedSource() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("systemEnvironment", Map.of()));
        sources.addLast(new MapPropertySource("Config resource 'application.yml'", Map.of("a", "local")));

        var changed = ConfigPropertySources.replace(sources, ConfigPropertySources.of(C2,
                ConfigPropertySources.CACHE_PREFIX), "Config resource 'application.yml'");

        assertThat(sources.stream().map(PropertySource::getName)).containsExactly("systemEnvironment",
                "configcache:edge-gateway.yml", "configClient", "Config resource 'application.yml'");
        assertThat(changed).contains("a", "b", "d");
    }

    @Test
    void withoutConfigSourcesOrTheNamedSourceTheyGoLast() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("systemEnvironment", Map.of()));

        ConfigPropertySources.replace(sources, ConfigPropertySources.of(C2, ConfigPropertySources.CACHE_PREFIX),
                "Config resource 'application.yml'");

        assertThat(sources.stream().map(PropertySource::getName)).containsExactly("systemEnvironment",
                "configcache:edge-gateway.yml", "configClient");
    }

    @Test
    void servedGivesBackTheFilesWithoutTheirPrefixForTheCache() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("commandLineArgs", Map.of("x", "not config")));
        ConfigPropertySources.of(C1, ConfigPropertySources.SERVER_PREFIX).forEach(sources::addLast);

        ServedConfig served = ConfigPropertySources.served(sources, "edge-gateway", "c1");

        assertThat(served).isEqualTo(C1);
    }
}

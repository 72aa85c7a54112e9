package io.edgeway.gateway.revision;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.log.LogMessage;

/**
 * A gateway that starts while the config server is down starts from the config it last applied (kept on disk by
 * {@link LastGoodConfigCache}) rather than with no routes at all. Runs right after config data is loaded.
 */
public class LocalConfigFallback implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public LocalConfigFallback(DeferredLogFactory logs) {
        this.log = logs.getLog(LocalConfigFallback.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean served = environment.getPropertySources().stream()
                .anyMatch(source -> source.getName().startsWith(ConfigPropertySources.SERVER_PREFIX));
        if (served || !environment.getProperty("spring.cloud.config.enabled", Boolean.class, true)) {
            return;
        }
        LastGoodConfigCache cache = LastGoodConfigCache.of(environment);
        cache.read().ifPresentOrElse(config -> {
            String firstLocalConfig = environment.getPropertySources().stream().map(PropertySource::getName)
                    .filter(name -> name.startsWith("Config resource")).findFirst().orElse(null);
            ConfigPropertySources.replace(environment.getPropertySources(),
                    ConfigPropertySources.of(config, ConfigPropertySources.CACHE_PREFIX), firstLocalConfig);
            log.warn(LogMessage.format(
                    "Config server unreachable: starting from the last applied config, commit %s (%s)",
                    config.version(), cache.file()));
        }, () -> log.warn(LogMessage.format(
                "Config server unreachable and no cached config at %s: starting with the built-in config only",
                cache.file())));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}

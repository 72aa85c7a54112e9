package io.edgeway.gateway.revision;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * Checks the config this gateway started with exactly as a pushed commit is checked ({@link CandidateConfigValidator}),
 * before the web server starts: a gateway never serves a config it would have refused as a push. An invalid config
 * from the config server is replaced by the last good config on disk ({@link LastGoodConfigCache}) if that one passes;
 * otherwise (no such file, it fails too, or the invalid config came from it) the start fails with the problems.
 */
@Component
class BootConfigGate implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootConfigGate.class);

    private final ConfigurableEnvironment environment;

    private final CandidateConfigValidator validator;

    private final ConfigRevisionApplier applier;

    private final LastGoodConfigCache cache;

    BootConfigGate(ConfigurableEnvironment environment, CandidateConfigValidator validator,
            ConfigRevisionApplier applier, LastGoodConfigCache cache) {
        this.environment = environment;
        this.validator = validator;
        this.applier = applier;
        this.cache = cache;
    }

    @Override
    public void afterSingletonsInstantiated() {
        AppliedRevision booted = applier.current();
        ServedConfig config = ConfigPropertySources.served(environment.getPropertySources(),
                environment.getProperty("spring.application.name"), booted.commit());
        if (config.propertySources().isEmpty()) {
            return; // no config from the server or the cache: the built-in config only
        }
        List<String> problems = validator.validateAsNew(config).problems();
        if (problems.isEmpty()) {
            return;
        }
        String what = "the config this gateway started with (commit " + booted.commit() + " from the "
                + booted.source() + ")";
        if ("config-server".equals(booted.source())) {
            Optional<ServedConfig> lastGood = readLastGood();
            if (lastGood.isPresent() && !lastGood.get().version().equals(booted.commit())) {
                CheckedConfig checked = validator.validate(lastGood.get());
                if (checked.problems().isEmpty()) {
                    applier.startFrom(lastGood.get(), checked, booted.commit(), problems);
                    log.error("Refused {}: {}. Starting from the last good config instead, commit {} ({})", what,
                            String.join("; ", problems), lastGood.get().version(), cache.file());
                    return;
                }
                problems = concat(problems, "the last good config at " + cache.file() + " (commit "
                        + lastGood.get().version() + ") is invalid too: " + String.join("; ", checked.problems()));
            }
            else {
                problems = concat(problems, "no other last good config at " + cache.file() + " to start from");
            }
        }
        throw new IllegalStateException("Not starting: " + what + " is invalid: " + String.join("; ", problems));
    }

    private Optional<ServedConfig> readLastGood() {
        try {
            return cache.read();
        }
        catch (RuntimeException ex) {
            log.warn("Cannot read the last good config at {}: {}", cache.file(), ex.getMessage());
            return Optional.empty();
        }
    }

    private static List<String> concat(List<String> problems, String more) {
        return java.util.stream.Stream.concat(problems.stream(), java.util.stream.Stream.of(more)).toList();
    }
}

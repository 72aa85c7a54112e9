package io.edgeway.lbadapter.revision;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Adds {@code config: {commit}} to {@code /actuator/info}: the config commit this adapter runs. */
@Component
class ConfigCommitInfoContributor implements InfoContributor {

    /** Where the config client puts the version (the git commit) of the config it loaded last. */
    private static final String VERSION = "config.client.version";

    private final Environment environment;

    ConfigCommitInfoContributor(Environment environment) {
        this.environment = environment;
    }

    /** The config commit running now, or {@code null} when no config server answered. */
    static String running(Environment environment) {
        return environment.getProperty(VERSION);
    }

    @Override
    public void contribute(Info.Builder builder) {
        String commit = running(environment);
        if (commit != null) {
            builder.withDetail("config", Map.of("commit", commit));
        }
    }
}

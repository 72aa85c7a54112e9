package io.edgeway.lbadapter.revision;

import io.edgeway.lbadapter.config.ConfigPushProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Applies each config commit the config server publishes, as {@code POST /actuator/refresh} would: the
 * {@link ContextRefresher} reloads the environment, and {@code VipSource} and the other refreshable settings see it.
 * Off without a config server: when the config client is disabled, or none answered at start-up (the adapter then
 * runs on its local defaults, and keeps them).
 */
@Component
@ConditionalOnProperty(name = { "spring.cloud.config.enabled", ConfigPushProperties.PREFIX + ".enabled" },
        matchIfMissing = true)
class ConfigPush implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigPush.class);

    private final ConfigPushProperties settings;

    private final ContextRefresher refresher;

    private final Environment environment;

    private volatile ConfigCommitFollower follower;

    ConfigPush(ConfigPushProperties settings, ContextRefresher refresher, Environment environment) {
        this.settings = settings;
        this.refresher = refresher;
        this.environment = environment;
    }

    @Override
    public void start() {
        if (ConfigCommitInfoContributor.running(environment) == null) {
            log.info("No config server answered at start-up: config commits are not followed");
            return;
        }
        follower = new ConfigCommitFollower(settings.serverUri(),
                environment.getProperty("spring.cloud.config.username"),
                environment.getProperty("spring.cloud.config.password"),
                () -> ConfigCommitInfoContributor.running(environment), refresher::refresh);
        follower.start(settings.checkInterval());
        log.info("Following the config commits {} publishes", settings.serverUri());
    }

    @Override
    public void stop() {
        ConfigCommitFollower running = follower;
        follower = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }
}

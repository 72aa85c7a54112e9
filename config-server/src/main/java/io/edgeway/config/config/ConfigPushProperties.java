package io.edgeway.config.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the config server notices, validates and publishes commits, under {@value #PREFIX}.
 *
 * @param pollInterval how often the branch head is checked ({@code git ls-remote}, one round trip)
 * @param branch the branch teams commit to; clients are served its last valid commit
 * @param historyDepth how many commits back to look for a valid one when the head is invalid at start-up
 * @param webhookSecret shared secret of push webhooks (GitHub/Gitea HMAC, GitLab token)
 * @param extraPredicates predicate names the gateway knows besides Spring Cloud Gateway's own
 * @param extraFilters filter names the gateway knows besides Spring Cloud Gateway's own
 * @param redisFanout whether validated commits are also published on Redis, for gateways of a fleet
 * @param redisChannel the Redis pub/sub channel they are published on
 * @param redisRepublishInterval how often the published commit is sent again, so that gateways that missed a
 *        message (Redis restarting, a reconnecting client) catch up within this interval
 * @param prebuild who asks for each new commit ({@code application/profiles}): their answers are built before the
 *        commit is published; those that asked for the previous commit are added
 */
@ConfigurationProperties(ConfigPushProperties.PREFIX)
public record ConfigPushProperties(Duration pollInterval, String branch, int historyDepth, String webhookSecret, List<String> extraPredicates, List<String> extraFilters,
        boolean redisFanout, String redisChannel, Duration redisRepublishInterval, List<String> prebuild) {

    public static final String PREFIX = "edgeway.config";

    public ConfigPushProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        branch = branch == null ? "main" : branch;
        historyDepth = historyDepth <= 0 ? 50 : historyDepth;
        extraPredicates = extraPredicates == null ? List.of() : List.copyOf(extraPredicates);
        extraFilters = extraFilters == null ? List.of() : List.copyOf(extraFilters);
        redisChannel = redisChannel == null ? "edgeway:config-revisions" : redisChannel;
        redisRepublishInterval = redisRepublishInterval == null ? Duration.ofSeconds(5) : redisRepublishInterval;
        prebuild = prebuild == null ? List.of("edge-gateway/default") : List.copyOf(prebuild);
    }
}

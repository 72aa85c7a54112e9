package io.edgeway.config.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the config server notices, validates and publishes commits, under {@value #PREFIX}.
 *
 * @param pollInterval how often the branch head is checked ({@code git ls-remote}, one round trip)
 * @param branch the branch teams commit to; clients are served its last valid commit
 * @param historyDepth how many commits back to look for a valid one when the head is invalid at start-up
 * @param webhookSecret shared secret of push webhooks (GitHub/Gitea HMAC, GitLab token)
 * @param webhook what {@code POST /monitor} accepts before it checks a signature
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
public record ConfigPushProperties(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("main") String branch,
        @DefaultValue("50") int historyDepth, String webhookSecret, @DefaultValue Webhook webhook,
        @DefaultValue List<String> extraPredicates,
        @DefaultValue List<String> extraFilters, boolean redisFanout,
        @DefaultValue("edgeway:config-revisions") String redisChannel,
        @DefaultValue("5s") Duration redisRepublishInterval, @DefaultValue("edge-gateway/default") List<String> prebuild) {

    public static final String PREFIX = "edgeway.config";

    public ConfigPushProperties {
        extraPredicates = List.copyOf(extraPredicates);
        extraFilters = List.copyOf(extraFilters);
        prebuild = List.copyOf(prebuild);
        List<String> problems = new ArrayList<>();
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            problems.add(PREFIX + ".poll-interval: must be positive, not " + pollInterval);
        }
        if (branch.isBlank()) {
            problems.add(PREFIX + ".branch: must not be blank");
        }
        if (historyDepth < 1) {
            problems.add(PREFIX + ".history-depth: must be at least 1, not " + historyDepth);
        }
        if (redisRepublishInterval.isNegative() || redisRepublishInterval.isZero()) {
            problems.add(PREFIX + ".redis-republish-interval: must be positive, not " + redisRepublishInterval);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Limits of {@code POST /monitor}, checked before its body is read and its signature checked.
     *
     * @param maxBodySize larger bodies are refused (413) without being read
     * @param requestsPerMinute calls allowed from one remote address per minute (429 beyond), bursts included
     */
    public record Webhook(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("60") int requestsPerMinute) {

        public Webhook {
            List<String> problems = new ArrayList<>();
            if (maxBodySize.toBytes() < 1) {
                problems.add(PREFIX + ".webhook.max-body-size: must be positive, not " + maxBodySize);
            }
            if (requestsPerMinute < 1) {
                problems.add(PREFIX + ".webhook.requests-per-minute: must be at least 1, not " + requestsPerMinute);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
        }
    }
}

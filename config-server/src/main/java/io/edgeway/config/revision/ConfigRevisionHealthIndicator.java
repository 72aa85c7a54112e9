package io.edgeway.config.revision;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code configRevision} health: OUT_OF_SERVICE, with the reason, while no valid commit is published. */
@Component("configRevision")
class ConfigRevisionHealthIndicator implements HealthIndicator {

    private final ConfigRevisions revisions;

    ConfigRevisionHealthIndicator(ConfigRevisions revisions) {
        this.revisions = revisions;
    }

    @Override
    public Health health() {
        return revisions.published().map(revision -> Health.up().withDetail("published", revision.commit()).build())
                .orElseGet(() -> Health.outOfService()
                        .withDetail("reason", revisions.whyNothingPublished().orElse("nothing published")).build());
    }
}

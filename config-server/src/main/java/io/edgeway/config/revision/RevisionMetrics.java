package io.edgeway.config.revision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Meters of a commit's way to the clients: commits noticed and validated, the delay from a commit to its
 * publication, and the commit published now (published and rejected counts are kept by {@link ConfigRevisions}).
 */
@Component
public class RevisionMetrics {

    /** From a few seconds of fetch and validation to a commit that waited for a fix of the branch. */
    private static final Duration[] DELAY_BUCKETS = { Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5) };

    private final Counter noticed;

    private final Counter validated;

    private final Timer publishDelay;

    private final MultiGauge publishedCommit;

    RevisionMetrics(MeterRegistry meters) {
        this.noticed = Counter.builder("edgeway.config.revisions.noticed")
                .description("New heads of the branch the server saw").register(meters);
        this.validated = Counter.builder("edgeway.config.revisions.validated")
                .description("Commits that passed validation").register(meters);
        this.publishDelay = Timer.builder("edgeway.config.revision.publish.delay").serviceLevelObjectives(DELAY_BUCKETS)
                .description("From a commit's committer time to its publication").register(meters);
        this.publishedCommit = MultiGauge.builder("edgeway.config.revision.published")
                .description("The commit published now (value always 1)").register(meters);
    }

    void noticed() {
        noticed.increment();
    }

    void validated() {
        validated.increment();
    }

    /** A commit published; {@code committedAt} null when its delay means nothing (the one found at start-up). */
    void published(String commit, Instant committedAt) {
        publishedCommit.register(List.of(MultiGauge.Row.of(Tags.of("commit", commit), 1)), true);
        if (committedAt != null) {
            // Git keeps whole seconds, and another machine's clock may run ahead: never a negative delay.
            publishDelay.record(Duration.between(committedAt, Instant.now()).isNegative() ? Duration.ZERO
                    : Duration.between(committedAt, Instant.now()));
        }
    }
}

package io.edgeway.lbadapter.revision;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The follower against a small real HTTP server that speaks the config server's revision endpoints. Its refresh
 * "loads" the published commit, as the config client's reload does.
 */
class ConfigCommitFollowerTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final StubRevisionServer server = new StubRevisionServer("commit-a");

    private final List<String> refreshedTo = new CopyOnWriteArrayList<>();

    private volatile String running = "commit-a";

    private volatile String currentlyPublished = "commit-a";

    private final ConfigCommitFollower follower = new ConfigCommitFollower(server.uri(), "config", "s3cret",
            () -> running, () -> {
                running = this.currentlyPublished;
                refreshedTo.add(running);
            });

    @AfterEach
    void stop() {
        follower.close();
        server.close();
    }

    private void publish(String commit) {
        currentlyPublished = commit;
        server.publish(commit);
    }

    @Test
    void refreshesOnceWhenTheStreamAnnouncesANewCommit() {
        follower.start(NEVER);
        await().atMost(DEADLINE).until(() -> server.openStreams() == 1);

        publish("commit-b");

        // One thread runs notices in order: the stream's first event (the commit running) refreshed nothing.
        await().atMost(DEADLINE).until(() -> running.equals("commit-b"));
        assertThat(refreshedTo).containsExactly("commit-b");
        assertThat(server.authorizations()).isNotEmpty()
                .allMatch(header -> header.equals("Basic Y29uZmlnOnMzY3JldA=="));
    }

    @Test
    void reconnectsAfterTheStreamDropsAndFollowsTheNextCommit() {
        follower.start(NEVER);
        await().atMost(DEADLINE).until(() -> server.openStreams() == 1);

        server.dropStreams();
        await().atMost(DEADLINE).until(() -> server.openStreams() == 1);
        publish("commit-c");

        await().atMost(DEADLINE).until(() -> running.equals("commit-c"));
        assertThat(refreshedTo).containsExactly("commit-c");
    }

    @Test
    void periodicCheckFollowsACommitWhenTheStreamIsUnavailable() {
        server.refuseStreams();
        publish("commit-d");

        follower.start(Duration.ofMillis(200));

        await().atMost(DEADLINE).until(() -> running.equals("commit-d"));
        assertThat(refreshedTo).containsExactly("commit-d");
        assertThat(server.openStreams()).isZero();
    }
}

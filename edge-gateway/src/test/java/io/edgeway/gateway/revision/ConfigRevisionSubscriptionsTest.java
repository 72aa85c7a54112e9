package io.edgeway.gateway.revision;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConfigRevisionSubscriptionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String BACKEND = "http://127.0.0.1:9";

    private static final ServedConfig C1 = ConfigAt.commit("c1").route("one", BACKEND, "Path=/one", "SetPath=/").served();

    private static final ServedConfig C2 = ConfigAt.commit("c2").route("one", BACKEND, "Path=/one", "SetPath=/")
            .route("two", BACKEND, "Path=/two", "SetPath=/").served();

    private static final ServedConfig BROKEN = ConfigAt.commit("c3")
            .route("teapot", BACKEND, "Path=/teapot", "SetStatus=banana").served();

    private final StubConfigServer server = new StubConfigServer().add(C1).add(C2).add(BROKEN);

    @TempDir
    Path dir;

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aCommitPublishedOnTheStreamIsApplied() {
        server.failChecks();
        subscribed("edgeway.gateway.config-push.check-interval=1h").run(context -> {
            await("stream open").atMost(TIMEOUT).until(() -> server.openStreams() == 1);

            server.publish("c2");

            awaitRuns(context, "c2");
        });
    }

    @Test
    void theStreamReconnectsWhenTheServerDropsIt() {
        server.failChecks();
        subscribed("edgeway.gateway.config-push.check-interval=1h").run(context -> {
            await("stream open").atMost(TIMEOUT).until(() -> server.openStreams() == 1);

            server.dropStreams();
            server.publish("c2");

            awaitRuns(context, "c2");
            assertThat(server.requestsTo("/revisions/stream")).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void withoutTheStreamThePeriodicCheckBringsTheCommit() {
        subscribed("edgeway.gateway.config-push.stream=false", "edgeway.gateway.config-push.check-interval=200ms")
                .run(context -> {
                    server.publish("c2");

                    awaitRuns(context, "c2");
                    assertThat(server.requestsTo("/revisions/stream")).isZero();
                });
    }

    @Test
    void aLateNoticeOfAnOlderCommitDoesNotTakeTheGatewayBack() {
        subscribed("edgeway.gateway.config-push.check-interval=1h").run(context -> {
            await("stream open").atMost(TIMEOUT).until(() -> server.openStreams() == 1);
            server.publish("c2");
            awaitRuns(context, "c2");
            long fetchesOfC1 = server.fetchesOf("c1");

            assertThat(context.getBean(ConfigRevisionSubscriptions.class).apply("c1").block(TIMEOUT)).isTrue();

            assertThat(applier(context).current().commit()).isEqualTo("c2");
            assertThat(server.fetchesOf("c1")).isEqualTo(fetchesOfC1);
        });
    }

    @Test
    void aCommitThatCannotBeFetchedOrIsRefusedDoesNotEndTheSubscription() {
        server.failChecks();
        subscribed("edgeway.gateway.config-push.check-interval=1h").run(context -> {
            await("stream open").atMost(TIMEOUT).until(() -> server.openStreams() == 1);

            server.publish("unknown-to-the-server");
            server.publish("c3");
            await("c3 refused").atMost(TIMEOUT).until(() -> applier(context).current().lastRefused() != null);
            server.publish("c2");

            awaitRuns(context, "c2");
            assertThat(server.fetchesOf("unknown-to-the-server")).isEqualTo(1);
            assertThat(applier(context).current().lastRefused().commit()).isEqualTo("c3");
            assertThat(server.requestsTo("/revisions/stream")).as("one connection throughout").isEqualTo(1);
        });
    }

    @Test
    void stoppingEndsEverySubscription() {
        subscribed("edgeway.gateway.config-push.check-interval=1h").run(context -> {
            ConfigRevisionSubscriptions subscriptions = context.getBean(ConfigRevisionSubscriptions.class);
            assertThat(subscriptions.isRunning()).isTrue();

            subscriptions.stop();

            assertThat(subscriptions.isRunning()).isFalse();
        });
    }

    private ApplicationContextRunner subscribed(String... properties) {
        return PushParts.bootedFrom(server.uri(), C1, dir.resolve("edge-gateway-config.json"))
                .withUserConfiguration(WithSubscriptions.class).withPropertyValues(properties);
    }

    private static void awaitRuns(AssertableApplicationContext context, String commit) {
        await("gateway runs " + commit).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> commit.equals(applier(context).current().commit()));
    }

    private static ConfigRevisionApplier applier(AssertableApplicationContext context) {
        return context.getBean(ConfigRevisionApplier.class);
    }

    @Import(ConfigRevisionSubscriptions.class)
    static class WithSubscriptions {
    }
}

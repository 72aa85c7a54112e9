package io.edgeway.gateway.revision;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
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
            double checks = afterFirstPeriodicCheck(context);

            context.getBean(ConfigRevisionSubscriptions.class).redisNotice("c1");

            await("checked").atMost(TIMEOUT).until(() -> checks(context) > checks);
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
            await("fetch tried").atMost(TIMEOUT).until(() -> server.fetchesOf("unknown-to-the-server") == 1);
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
    void aRedisNoticeNeverAppliesTheCommitItNamesEvenWhenTheServerCannotSayWhatItPublishes() {
        server.failChecks();
        subscribed("edgeway.gateway.config-push.stream=false", "edgeway.gateway.config-push.check-interval=1h")
                .run(context -> {
                    double checks = afterFirstPeriodicCheck(context);

                    context.getBean(ConfigRevisionSubscriptions.class).redisNotice("c2");

                    await("checked").atMost(TIMEOUT).until(() -> checks(context) > checks);
                    assertThat(applier(context).current().commit()).isEqualTo("c1");
                    assertThat(server.fetchesOf("c2")).isZero();
                });
    }

    @Test
    void aBurstOfRedisNoticesCostsAtMostTwoChecks() {
        subscribed("edgeway.gateway.config-push.stream=false", "edgeway.gateway.config-push.check-interval=1h")
                .run(context -> {
                    ConfigRevisionSubscriptions subscriptions = context.getBean(ConfigRevisionSubscriptions.class);
                    double checks = afterFirstPeriodicCheck(context);
                    long asked = server.requestsTo("/revisions/current");

                    for (int i = 0; i < 10_000; i++) {
                        subscriptions.redisNotice(String.format("%040x", i));
                    }

                    await("checked").atMost(TIMEOUT).until(() -> checks(context) > checks);
                    // Over a spacing and a half: a check that waited has run.
                    await("no more than two checks").during(Duration.ofMillis(1500)).atMost(TIMEOUT)
                            .until(() -> checks(context) <= checks + 2);
                    assertThat(server.requestsTo("/revisions/current")).isLessThanOrEqualTo(asked + 2);
                    assertThat(applier(context).current().commit()).isEqualTo("c1");
                });
    }

    @Test
    void redisNoticesOfTheCommitRunningAreDroppedUnchecked() {
        subscribed("edgeway.gateway.config-push.stream=false", "edgeway.gateway.config-push.check-interval=1h")
                .run(context -> {
                    double checks = afterFirstPeriodicCheck(context);

                    for (int i = 0; i < 100; i++) {
                        context.getBean(ConfigRevisionSubscriptions.class).redisNotice("c1");
                    }

                    assertThat(context.getBean(MeterRegistry.class).counter("edgeway.config.revision.notices.dropped",
                            "path", "redis").count()).isEqualTo(100);
                    assertThat(checks(context)).isEqualTo(checks);
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

    /** The checks so far, once the periodic check made its first (a second after the start): none follows for 1 h. */
    private static double afterFirstPeriodicCheck(AssertableApplicationContext context) {
        await("the first periodic check").atMost(TIMEOUT).until(() -> checks(context) >= 1);
        return checks(context);
    }

    private static double checks(AssertableApplicationContext context) {
        return context.getBean(MeterRegistry.class).counter("edgeway.config.revision.checks").count();
    }

    private static ConfigRevisionApplier applier(AssertableApplicationContext context) {
        return context.getBean(ConfigRevisionApplier.class);
    }

    @Import(ConfigRevisionSubscriptions.class)
    static class WithSubscriptions {
    }
}

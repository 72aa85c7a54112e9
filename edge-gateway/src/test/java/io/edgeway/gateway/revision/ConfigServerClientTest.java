package io.edgeway.gateway.revision;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConfigServerClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final ServedConfig C1 = ConfigAt.commit("c1").set("a", "1").served();

    private final StubConfigServer server = new StubConfigServer().add(C1);

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void publishedIsTheCommitTheServerPublishesNow() {
        server.publish("c1");

        assertThat(client(environment()).published().map(ConfigServerClient.Commit::commit).block(TIMEOUT)).isEqualTo("c1");
    }

    @Test
    void publishedIsEmptyWhileTheServerPublishesNothing() {
        assertThat(client(environment()).published().blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    void configAtAsksForThisApplicationAndItsProfilesAtExactlyThatCommit() {
        MockEnvironment environment = environment();
        environment.setActiveProfiles("prod", "eu");

        ServedConfig config = client(environment).configAt("c1").block(TIMEOUT);

        assertThat(config).isEqualTo(C1);
        assertThat(server.requests()).containsExactly("/edge-gateway/prod,eu/c1");
    }

    @Test
    void withoutActiveProfilesItAsksForTheDefaultProfile() {
        client(environment()).configAt("c1").block(TIMEOUT);

        assertThat(server.requests()).containsExactly("/edge-gateway/default/c1");
    }

    @Test
    void sendsTheConfigClientCredentials() {
        server.publish("c1");

        client(environment()).published().block(TIMEOUT);

        assertThat(server.authorizations()).containsExactly("Basic Y29uZmlnOnN0dWItc2VjcmV0"); // config:stub-secret
    }

    @Test
    void theStreamGivesTheCurrentCommitFirstThenEveryNewOne() throws Exception {
        server.publish("c1");

        CompletableFuture<List<String>> commits = client(environment()).stream().map(ConfigServerClient.Commit::commit).take(3).collectList().toFuture();
        await().atMost(TIMEOUT).until(() -> server.openStreams() == 1);
        server.publish("c2");
        server.publish("c3");

        assertThat(commits.get(5, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("c1", "c2", "c3");
    }

    @Test
    void theStreamEndsWhenTheConnectionDoes() {
        CompletableFuture<List<String>> commits = client(environment()).stream().map(ConfigServerClient.Commit::commit).collectList().toFuture();
        await().atMost(TIMEOUT).until(() -> server.openStreams() == 1);

        server.dropStreams();

        await("stream ended").atMost(TIMEOUT).until(commits::isDone);
    }

    private MockEnvironment environment() {
        return new MockEnvironment().withProperty("spring.application.name", "edge-gateway")
                .withProperty("spring.cloud.config.username", "config")
                .withProperty("spring.cloud.config.password", "stub-secret")
                .withProperty("edgeway.gateway.config-push.server-uri", server.uri());
    }

    private static ConfigServerClient client(MockEnvironment environment) {
        return new ConfigServerClient(new LiveProperties<>(environment, GatewaySettings.GATEWAY), environment);
    }
}

package io.edgeway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Serves a real git repository: the commit id is the version, and only authenticated clients may read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=config-repo", "edgeway.config.poll-interval=200ms" })
class ConfigServerIntegrationTest {

    @TempDir
    static Path repo;

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void seedRepository() throws Exception {
        Files.createDirectories(repo.resolve("config-repo"));
        Files.writeString(repo.resolve("config-repo/sample-backend.yml"), "sample-backend:\n  message: from git\n");
        commit("Seed");
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> repo.toString());
    }

    @Test
    void servesTheCommittedConfigWithItsCommitId() throws Exception {
        String head = head();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/sample-backend/default", "test-secret")
                .getBody()).contains("from git").contains("\"version\":\"" + head + "\""));
    }

    @Test
    void aNewCommitIsServedOnceValidatedWithinAPoll() throws Exception {
        Files.writeString(repo.resolve("config-repo/edge-gateway.yml"), "probe: second commit\n");
        String second = commit("Second");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/edge-gateway/default", "test-secret")
                .getBody()).contains("second commit").contains(second));
    }

    @Test
    void anAnswerForACommitIsBuiltOnceAndOnlyForAuthenticatedClients() throws Exception {
        String commit = head();
        String first = get("/sample-backend/default/" + commit, "test-secret").getBody();
        double hitsBefore = cacheCount("hit");

        String again = get("/sample-backend/default/" + commit, "test-secret").getBody();

        assertThat(again).isEqualTo(first).contains("from git").contains(commit);
        assertThat(cacheCount("hit")).isEqualTo(hitsBefore + 1);
        assertThat(get("/sample-backend/default/" + commit, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        double missesBefore = cacheCount("miss");
        get("/sample-backend/default/main", "test-secret");
        get("/sample-backend/default/main", "test-secret");
        assertThat(cacheCount("miss")).as("a branch label is never cached").isEqualTo(missesBefore);
        assertThat(cacheCount("hit")).isEqualTo(hitsBefore + 1);
    }

    private double cacheCount(String result) {
        return meters.counter("edgeway.config.environment.cache", "result", result).count();
    }

    @Test
    void refusesAnonymousAndWrongCredentials() {
        assertThat(get("/sample-backend/default", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("/sample-backend/default", "guess").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("/actuator/health", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/actuator/configrevision", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("/actuator/configrevision", "guess").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void actuatorListensOnTheManagementPortOnly() {
        assertThat(get("/actuator/configrevision", "test-secret").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/actuator/configrevision", "test-secret").getBody()).contains("\"published\"");
        // On the traffic port the path is only the config API's /{application}/{profile}: no revision report.
        String onTrafficPort = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/configrevision")
                .headers(h -> h.setBasicAuth("config", "test-secret")).retrieve().body(String.class);
        assertThat(onTrafficPort).contains("\"name\":\"actuator\"").doesNotContain("\"published\"");
        assertThat(get("/readyz", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/livez", null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private static String head() throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return git.getRepository().resolve("HEAD").getName();
        }
    }

    private static String commit(String message) throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit().setMessage(message).setAuthor("test", "test@edgeway.local")
                    .setCommitter("test", "test@edgeway.local").setSign(false).call();
            return commit.getName();
        }
    }

    private ResponseEntity<String> get(String path, String password) {
        int target = path.startsWith("/actuator") ? managementPort : port;
        return RestClient.create("http://127.0.0.1:" + target).get().uri(path).headers(h -> {
            if (password != null) {
                h.setBasicAuth("config", password);
            }
        }).exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                .body(new String(response.getBody().readAllBytes())));
    }
}

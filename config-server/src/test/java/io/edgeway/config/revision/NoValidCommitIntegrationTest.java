package io.edgeway.config.revision;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A config server started on a branch with no valid commit serves no config at all (not the head): 503 with the
 * reason, and its health is OUT_OF_SERVICE, until a valid commit is pushed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=",
        "edgeway.config.poll-interval=200ms" })
class NoValidCommitIntegrationTest {

    @TempDir
    static Path dir;

    static TestRepo repo;

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @BeforeAll
    static void seedWithOnlyBrokenCommits() throws Exception {
        repo = new TestRepo(dir);
        repo.commit("edge-gateway.yml", "spring.cloud.gateway.server.webflux.routes: [ {id: x, uri: 'lb://'} ]\n");
        repo.commit("sample-backend.yml", "message: [unclosed\n");
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> dir.toString());
    }

    @Test
    void refusesToServeUntilAValidCommitExists() throws Exception {
        ResponseEntity<String> config = get("/edge-gateway/default", "test-secret");
        assertThat(config.getStatusCode().value()).isEqualTo(503);
        assertThat(config.getBody()).contains("no valid config commit is published").contains("not valid YAML");
        assertThat(get("/sample-backend/default/main", "test-secret").getStatusCode().value()).isEqualTo(503);
        assertThat(get("/edge-gateway/default", null).getStatusCode().value()).as("the reason only for clients")
                .isEqualTo(401);
        ResponseEntity<String> health = get("/actuator/health", "test-secret");
        assertThat(health.getStatusCode().value()).isEqualTo(503);
        assertThat(health.getBody()).contains("OUT_OF_SERVICE").contains("no valid commit among the last");
        assertThat(get("/actuator/health/readiness", null).getStatusCode().value()).isEqualTo(503);
        assertThat(get("/readyz", null).getStatusCode().value()).as("readiness on the traffic port").isEqualTo(503);
        assertThat(get("/livez", null).getStatusCode().value()).isEqualTo(200);
        int actuatorOnTrafficPort = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/default")
                .headers(h -> h.setBasicAuth("config", "test-secret"))
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(actuatorOnTrafficPort).as("config of an application named actuator: guarded").isEqualTo(503);

        repo.commit("sample-backend.yml", "message: fixed\n");
        String good = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES);

        await().atMost(Duration.ofSeconds(20)).until(() -> get("/edge-gateway/default", "test-secret").getStatusCode()
                .value() == 200);
        assertThat(get("/edge-gateway/default", "test-secret").getBody()).contains("\"version\":\"" + good + "\"");
        assertThat(get("/actuator/health", null).getStatusCode().value()).isEqualTo(200);
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

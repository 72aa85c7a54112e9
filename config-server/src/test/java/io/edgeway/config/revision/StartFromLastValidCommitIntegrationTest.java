package io.edgeway.config.revision;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A config server (re)started on a broken head serves the newest valid commit before it, from its first request. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=" })
class StartFromLastValidCommitIntegrationTest {

    @TempDir
    static Path dir;

    static String good;

    @Value("${local.server.port}")
    private int port;

    @BeforeAll
    static void seedWithABrokenHead() throws Exception {
        TestRepo repo = new TestRepo(dir);
        good = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES);
        repo.commit("edge-gateway.yml", "spring.cloud.gateway.server.webflux.routes: [ {id: x, uri: 'lb://" + "'} ]\n");
        repo.commit("sample-backend.yml", "message: [unclosed\n");
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> dir.toString());
    }

    @Test
    void servesTheNewestValidCommit() {
        RestClient client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBasicAuth("config", "test-secret")).build();

        assertThat(client.get().uri("/edge-gateway/default").retrieve().body(String.class))
                .contains("\"version\":\"" + good + "\"");
        assertThat(client.get().uri("/revisions/current").retrieve().body(String.class))
                .contains("\"published\":{\"commit\":\"" + good).contains("not valid YAML").contains("is not a valid URI");
    }
}

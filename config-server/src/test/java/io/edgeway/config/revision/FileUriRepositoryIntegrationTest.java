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

/**
 * A repository given as a {@code file:} URI, which Spring Cloud Config reads in place instead of cloning, is
 * validated and published like any other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=" })
class FileUriRepositoryIntegrationTest {

    @TempDir
    static Path dir;

    static String commit;

    @Value("${local.server.port}")
    private int port;

    @BeforeAll
    static void seed() throws Exception {
        commit = new TestRepo(dir).commit("edge-gateway.yml", TestRepo.GOOD_ROUTES);
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> dir.toUri().toString());
    }

    @Test
    void publishesTheHeadOfAFileUriRepository() {
        RestClient client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(h -> h.setBasicAuth("config", "test-secret")).build();

        assertThat(client.get().uri("/revisions/current").retrieve().body(String.class))
                .contains("\"published\":{\"commit\":\"" + commit);
        assertThat(client.get().uri("/edge-gateway/default").retrieve().body(String.class))
                .contains("\"version\":\"" + commit + "\"");
    }
}

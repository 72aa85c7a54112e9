package io.edgeway.config.revision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.edgeway.testsupport.PrometheusScrape;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Commits to a real repository are noticed, validated, and only valid ones reach clients. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=",
        "edgeway.config.poll-interval=200ms", "edgeway.config.webhook-secret=hook-secret" })
class RevisionPublishingIntegrationTest {

    @TempDir
    static Path dir;

    static TestRepo repo;

    /** A poll, a fetch, validation and the pre-build: generous, for a loaded machine. */
    static final Duration PUBLISHED = Duration.ofSeconds(20);

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void seed() throws Exception {
        repo = new TestRepo(dir);
        repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES);
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> dir.toString());
    }

    @Test
    void publishesAValidCommitWithinAPoll() throws Exception {
        String commit = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/hello2"));

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/revisions/current").contains("\"published\":{\"commit\":\"" + commit));
        assertThat(get("/edge-gateway/default")).contains("\"version\":\"" + commit + "\"").contains("/hello2");
    }

    @Test
    void refusesAnInvalidCommitAndKeepsServingTheLastValidOne() throws Exception {
        String good = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/good"));
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/revisions/current").contains("\"published\":{\"commit\":\"" + good));

        String bad = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES + """
                  - id: hello
                    uri: lb://sample-backend
                    predicates: [ Path=/again ]
                """);

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/actuator/configrevision").contains("\"latest\":{\"commit\":\"" + bad));
        String revisions = get("/actuator/configrevision");
        assertThat(revisions).contains("\"published\":{\"commit\":\"" + good).contains("route 'hello' is defined twice");
        assertThat(get("/edge-gateway/default")).contains("\"version\":\"" + good + "\"").contains("/good")
                .doesNotContain("/again");
    }

    @Test
    void aGatewaysFirstRequestForAPublishedCommitIsAnsweredFromMemory() throws Exception {
        double hits = cacheCount("hit");
        double misses = cacheCount("miss");
        String commit = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/prebuilt"));
        await().atMost(PUBLISHED).until(() -> get("/revisions/current").contains("\"published\":{\"commit\":\"" + commit));

        ResponseEntity<String> first = getJson("/edge-gateway/default/" + commit);

        assertThat(cacheCount("miss")).as("built before publication").isEqualTo(misses);
        assertThat(cacheCount("hit")).isEqualTo(hits + 1);
        ResponseEntity<String> builtNow = getJson("/edge-gateway/default/" + commit + "?uncached"); // a query skips the cache
        assertThat(first.getBody()).contains("/prebuilt").isEqualTo(builtNow.getBody());
        assertThat(first.getHeaders().getContentType()).isEqualTo(builtNow.getHeaders().getContentType());
    }

    @Test
    void prebuildsForTheProfilesThatAskedForThePreviousCommit() throws Exception {
        String previous = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/before"));
        await().atMost(PUBLISHED).until(() -> get("/revisions/current").contains("\"published\":{\"commit\":\"" + previous));
        getJson("/edge-gateway/eu,canary/" + previous);
        String commit = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/after"));
        await().atMost(PUBLISHED).until(() -> get("/revisions/current").contains("\"published\":{\"commit\":\"" + commit));
        double misses = cacheCount("miss");

        assertThat(getJson("/edge-gateway/eu,canary/" + commit).getBody()).contains("/after");
        assertThat(cacheCount("miss")).isEqualTo(misses);
    }

    @Test
    void streamsEveryPublishedCommit() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/revisions/stream"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("config:test-secret".getBytes()))
                .build();
        var subscription = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:")));

            String commit = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/streamed"));

            await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("data:{\"commit\":\"" + commit + "\"}"));
        }
        finally {
            subscription.cancel(true);
        }
    }

    @Test
    void webhookNeedsAValidSignatureAndChecksAtOnce() throws Exception {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes();
        assertThat(webhook(body, "X-Hub-Signature-256", "sha256=00ff").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(webhook(body, null, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        String commit = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/hooked"));
        ResponseEntity<String> github = webhook(body, "X-Hub-Signature-256",
                "sha256=" + io.edgeway.config.webhook.WebhookSignatures.hmac("hook-secret", body));
        assertThat(github.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(github.getBody()).contains(commit).contains("\"published\":true");
        assertThat(webhook(body, "X-Gitlab-Token", "hook-secret").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(webhook(body, "X-Gitea-Signature", io.edgeway.config.webhook.WebhookSignatures.hmac("hook-secret", body))
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    @Test
    void metricsCountEachCommitFromNoticeToPublicationOrRefusal() throws Exception {
        String good = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/measured"));
        await().atMost(PUBLISHED).until(() -> scrape().value(
                "edgeway_config_revision_published{commit=\"" + good + "\"}") == 1);
        PrometheusScrape before = scrape();

        String next = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/measured-again"));
        await().atMost(PUBLISHED).until(() -> scrape().value(
                "edgeway_config_revision_published{commit=\"" + next + "\"}") == 1);
        PrometheusScrape published = scrape();

        assertThat(published.series("edgeway_config_revision_published")).as("one commit published at a time")
                .hasSize(1);
        assertThat(delta(before, published, "edgeway_config_revisions_noticed_total")).isEqualTo(1);
        assertThat(delta(before, published, "edgeway_config_revisions_validated_total")).isEqualTo(1);
        assertThat(delta(before, published, "edgeway_config_revisions_published_total")).isEqualTo(1);
        assertThat(delta(before, published, "edgeway_config_revision_publish_delay_seconds_count")).isEqualTo(1);
        // Committed and published within the test: under the 30 s bucket (git's whole seconds included).
        assertThat(delta(before, published, "edgeway_config_revision_publish_delay_seconds_bucket{le=\"30.0\"}"))
                .isEqualTo(1);

        String bad = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES + """
                  - id: hello
                    uri: lb://sample-backend
                    predicates: [ Path=/again ]
                """);
        await().atMost(PUBLISHED).until(() -> get("/actuator/configrevision").contains("\"latest\":{\"commit\":\"" + bad));
        PrometheusScrape refused = scrape();

        assertThat(delta(published, refused, "edgeway_config_revisions_noticed_total")).isEqualTo(1);
        assertThat(delta(published, refused, "edgeway_config_revisions_rejected_total")).isEqualTo(1);
        assertThat(delta(published, refused, "edgeway_config_revisions_validated_total")).isZero();
        assertThat(delta(published, refused, "edgeway_config_revisions_published_total")).isZero();
        assertThat(refused.value("edgeway_config_revision_published{commit=\"" + next + "\"}")).isEqualTo(1);
        repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES);
    }

    @Test
    void revisionsNeedCredentials() {
        HttpStatus status = RestClient.create("http://127.0.0.1:" + port).get().uri("/revisions/current")
                .exchange((req, res) -> HttpStatus.valueOf(res.getStatusCode().value()));
        assertThat(status).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private PrometheusScrape scrape() {
        return new PrometheusScrape(get("/actuator/prometheus"));
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String series) {
        return after.value(series) - before.value(series);
    }

    private String get(String path) {
        int target = path.startsWith("/actuator") ? managementPort : port;
        return RestClient.create("http://127.0.0.1:" + target).get().uri(path)
                .headers(h -> h.setBasicAuth("config", "test-secret")).retrieve().body(String.class);
    }

    /** As a gateway asks for a commit's config ({@code ConfigServerClient}). */
    private ResponseEntity<String> getJson(String path) {
        return RestClient.create("http://127.0.0.1:" + port).get().uri(path).accept(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBasicAuth("config", "test-secret"))
                .exchange((req, res) -> ResponseEntity.status(res.getStatusCode()).headers(res.getHeaders())
                        .body(new String(res.getBody().readAllBytes())));
    }

    private double cacheCount(String result) {
        return meters.counter("edgeway.config.environment.cache", "result", result).count();
    }

    private ResponseEntity<String> webhook(byte[] body, String header, String value) {
        return RestClient.create("http://127.0.0.1:" + port).post().uri("/monitor").headers(h -> {
            h.set("Content-Type", "application/json");
            if (header != null) {
                h.set(header, value);
            }
        }).body(body).exchange((req, res) -> ResponseEntity.status(res.getStatusCode())
                .body(new String(res.getBody().readAllBytes())));
    }
}

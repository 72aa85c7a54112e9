package io.edgeway.gateway.revision;

import java.time.Duration;

import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.support.LiveProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** Talks to the config server: the commit it publishes, the stream of new ones, and the config at a commit. */
@Component
class ConfigServerClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebClient client;

    private final String application;

    private final String profiles;

    ConfigServerClient(LiveProperties<EdgeGatewayProperties> settings, Environment environment) {
        EdgeGatewayProperties.ConfigPush push = settings.get().configPush();
        String user = environment.getProperty("spring.cloud.config.username");
        String password = environment.getProperty("spring.cloud.config.password");
        this.client = WebClient.builder().baseUrl(push.serverUri().toString()).defaultHeaders(headers -> {
            if (user != null && password != null) {
                headers.setBasicAuth(user, password);
            }
        }).build();
        this.application = environment.getProperty("spring.application.name", "edge-gateway");
        // The profiles the config client asked for at start-up, so an applied commit keeps the profile-specific files.
        this.profiles = environment.getActiveProfiles().length == 0 ? "default"
                : String.join(",", environment.getActiveProfiles());
    }

    /** The commit the config server publishes now. */
    Mono<Commit> published() {
        return client.get().uri("/revisions/current").retrieve().bodyToMono(CurrentRevisions.class).timeout(TIMEOUT)
                .mapNotNull(current -> current.published() == null || current.published().commit() == null ? null
                        : current.published());
    }

    /** Every commit the config server publishes from now on (the current one first); ends when the connection does. */
    Flux<Commit> stream() {
        return client.get().uri("/revisions/stream").accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Commit>>() {
                })
                .mapNotNull(event -> event.data() == null || event.data().commit() == null ? null : event.data());
    }

    /**
     * This application's config at exactly that commit. Asked for as plain JSON, the answer the config server builds
     * before it publishes a commit ({@code CommitEnvironmentCache}).
     */
    Mono<ServedConfig> configAt(String commit) {
        return client.get().uri("/{application}/{profiles}/{label}", application, profiles, commit)
                .accept(MediaType.APPLICATION_JSON).retrieve().bodyToMono(ServedConfig.class).timeout(TIMEOUT);
    }

    /** A published commit and the W3C traceparent of its publication (null from a config server without tracing). */
    record Commit(String commit, String traceparent) {
    }

    record CurrentRevisions(Commit published) {
    }
}

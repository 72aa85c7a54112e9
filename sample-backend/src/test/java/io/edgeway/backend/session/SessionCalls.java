package io.edgeway.backend.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.edgeway.backend.SampleBackendApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Real backends on loopback ports and the calls of one user, who carries the session cookie by hand. */
final class SessionCalls {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionCalls() {
    }

    /** A backend with the given profile (none for the default) and settings, without config server or Eureka. */
    static ConfigurableApplicationContext startBackend(String instanceId, String profile, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--spring.cloud.config.enabled=false", "--eureka.client.register-with-eureka=false",
                "--eureka.client.fetch-registry=false", "--eureka.instance.instance-id=" + instanceId,
                // Nobody routes to these instances: no reason to keep serving after deregistering.
                "--edgeway.backend.shutdown.deregistration-delay=0s"));
        if (profile != null) {
            arguments.add("--spring.profiles.active=" + profile);
        }
        for (String setting : settings) {
            arguments.add("--" + setting);
        }
        return new SpringApplicationBuilder(SampleBackendApplication.class).run(arguments.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext backend) {
        return ((WebServerApplicationContext) backend).getWebServer().getPort();
    }

    /** One answer: status, body, the session cookie it sets (if any). */
    record Answer(int status, JsonNode body, Optional<String> setCookie) {

        long count() {
            return body.path("count").asLong();
        }

        String instanceId() {
            return body.path("instanceId").asString();
        }

        String store() {
            return body.path("store").asString();
        }

        /** The {@code NAME=value} part of the Set-Cookie header. */
        String cookie() {
            return setCookie.map(c -> c.split(";", 2)[0]).orElseThrow(() -> new AssertionError("no Set-Cookie"));
        }
    }

    static Answer call(String method, int port, String pathAndQuery, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response.headers().firstValue("Set-Cookie"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}

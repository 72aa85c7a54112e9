package io.edgeway.e2e.support;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads a Eureka server's registry over its REST API, as an operator's tool would. */
public final class Eureka {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceProcess server;

    private final String user;

    private final String password;

    public Eureka(ServiceProcess server, String user, String password) {
        this.server = server;
        this.user = user;
        this.password = password;
    }

    /** The registry of that server as the stack's reader credential sees it. */
    public static Eureka reader(ServiceProcess server) {
        return new Eureka(server, "reader", Stack.EUREKA_READER_PASSWORD);
    }

    /** An instance of an application as the registry reports it. */
    public record Instance(String instanceId, int port, String status) {
    }

    /** The application's instances; empty when the application is unknown. */
    public List<Instance> instances(String app) {
        return instancesJson(app).valueStream()
                .map(i -> new Instance(i.path("instanceId").asString(), i.path("port").path("$").asInt(),
                        i.path("status").asString()))
                .toList();
    }

    private JsonNode instancesJson(String app) {
        Http.Response response = Http.send(Http.request(server.url("/eureka/apps/" + app.toUpperCase()))
                .header("Accept", "application/json").header("Authorization", Http.basic(user, password)).GET());
        if (response.status() == 404) {
            return JSON.createArrayNode();
        }
        if (response.status() != 200) {
            throw new IllegalStateException("Eureka answered " + response.status() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("application").path("instance");
    }

    /** One metadata value of every instance of the application (instances without it are left out). */
    public List<String> metadata(String app, String key) {
        return instancesJson(app).valueStream().map(i -> i.path("metadata").path(key).asString(null))
                .filter(java.util.Objects::nonNull).toList();
    }

    /** The health-check URL every instance of the application registered. */
    public List<String> healthCheckUrls(String app) {
        return instancesJson(app).valueStream().map(i -> i.path("healthCheckUrl").asString()).toList();
    }

    /** The secure ports that instances of the application registered enabled ({@code securePortEnabled}). */
    public List<Integer> securePorts(String app) {
        return instancesJson(app).valueStream().filter(i -> i.path("securePort").path("@enabled").asString("")
                .equals("true")).map(i -> i.path("securePort").path("$").asInt()).toList();
    }

    public Optional<Instance> instanceOnPort(String app, int port) {
        return instances(app).stream().filter(i -> i.port() == port).findFirst();
    }
}

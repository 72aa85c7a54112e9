package io.edgeway.lbadapter.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code PUT /monitor/l7check {"status":"DOWN"}} on the instance's traffic port, with the deploy login. */
final class HttpInstanceSwitch implements InstanceSwitch {

    private final HttpClient client;

    private final DeployProperties properties;

    HttpInstanceSwitch(HttpClient client, DeployProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public void down(DeployTarget target) {
        URI uri = URI.create("http://" + target.address() + properties.l7CheckPath());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout())
                .header("Authorization", basic(properties.username(), properties.password()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"DOWN\"}")).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new SwitchRefusedException("PUT " + uri + " failed: " + e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchRefusedException("PUT " + uri + " interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new SwitchRefusedException("PUT " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

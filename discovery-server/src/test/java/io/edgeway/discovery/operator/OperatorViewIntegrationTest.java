package io.edgeway.discovery.operator;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator view of a real Eureka server over HTTP, as a browser uses it (session cookie, the form's CSRF token):
 * a gateway's config commit is on the page, the operator takes a backend out of service and puts it back (the
 * registry's own status API shows each change), every action is audited with who, what and when, and the dashboard
 * login may look but not act.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeway.discovery.registrants.sample-backend.password=backend-secret",
        "edgeway.discovery.registrants.edge-gateway.password=gateway-secret",
        "edgeway.discovery.reader-password=reader-secret", "edgeway.discovery.operator-password=operator-secret",
        "edgeway.discovery.peer-password=peer-secret", "edgeway.discovery.dashboard-password=dashboard-secret" })
class OperatorViewIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Value("${local.server.port}")
    private int port;

    @BeforeEach
    void register() throws Exception {
        assertThat(send("POST", "/eureka/apps/EDGE-GATEWAY", "edge-gateway:gateway-secret", null,
                instance("EDGE-GATEWAY", "gateway-1", "{\"config-revision\":\"4f2c9e1d0b7a\"}"), client())
                .statusCode()).isEqualTo(204);
        assertThat(send("POST", "/eureka/apps/SAMPLE-BACKEND", "sample-backend:backend-secret", null,
                instance("SAMPLE-BACKEND", "backend-1", "{\"version\":\"v2\"}"), client()).statusCode())
                .isEqualTo(204);
    }

    @Test
    void theOperatorTakesAnInstanceOutOfServiceAndBackAudited(CapturedOutput output) throws Exception {
        HttpClient browser = client();
        String page = send("GET", "/operator", "operator:operator-secret", null, null, browser).body();
        assertThat(page).contains("gateway-1").contains("4f2c9e1d0b7a").contains("backend-1").contains("v2");

        HttpResponse<String> out = send("POST", "/operator/instances/SAMPLE-BACKEND/backend-1/out-of-service",
                "operator:operator-secret", csrf(page), null, browser);

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(status("backend-1")).isEqualTo("OUT_OF_SERVICE");
        String after = send("GET", "/operator", "operator:operator-secret", null, null, browser).body();
        assertThat(after).contains("Put back in service").contains("OUT_OF_SERVICE");

        assertThat(send("POST", "/operator/instances/SAMPLE-BACKEND/backend-1/in-service", "operator:operator-secret",
                csrf(after), null, browser).statusCode()).isEqualTo(303);
        // As with DELETE .../status: the override is gone; the instance's next renewal is answered 404 and its
        // Eureka client registers it again, with its own status.
        assertThat(status("backend-1")).isEqualTo("UNKNOWN");
        assertThat(send("PUT", "/eureka/apps/SAMPLE-BACKEND/backend-1", "sample-backend:backend-secret", null, null,
                client()).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/eureka/apps/SAMPLE-BACKEND", "sample-backend:backend-secret", null,
                instance("SAMPLE-BACKEND", "backend-1", "{\"version\":\"v2\"}"), client()).statusCode())
                .isEqualTo(204);
        assertThat(status("backend-1")).isEqualTo("UP");
        assertThat(output.getAll().lines().filter(line -> line.contains(OperatorAudit.LOGGER)))
                .anySatisfy(line -> assertThat(line).contains("operator OUT_OF_SERVICE SAMPLE-BACKEND/backend-1 at "))
                .anySatisfy(line -> assertThat(line).contains("operator BACK_IN_SERVICE SAMPLE-BACKEND/backend-1 at "));
        assertThat(send("GET", "/operator", "operator:operator-secret", null, null, browser).body())
                .contains("<td>operator</td><td>SAMPLE-BACKEND/backend-1</td><td>OUT_OF_SERVICE</td>");
    }

    @Test
    void theEurekaDashboardLinksToTheOperatorView() throws Exception {
        HttpResponse<String> dashboard = send("GET", "/", "dashboard:dashboard-secret", null, null, client());

        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Instances currently registered with Eureka")
                .containsPattern("id=\"operator-view\" href=\"[^\"]*/operator\"");
    }

    @Test
    void theDashboardLoginSeesThePageButCannotAct() throws Exception {
        HttpClient browser = client();
        HttpResponse<String> page = send("GET", "/operator", "dashboard:dashboard-secret", null, null, browser);
        assertThat(page.statusCode()).isEqualTo(200);

        assertThat(send("POST", "/operator/instances/SAMPLE-BACKEND/backend-1/out-of-service",
                "dashboard:dashboard-secret", csrf(page.body()), null, browser).statusCode()).isEqualTo(403);
        assertThat(status("backend-1")).isEqualTo("UP");
        assertThat(send("GET", "/operator", "reader:reader-secret", null, null, client()).statusCode()).isEqualTo(403);
    }

    @Test
    void aFormWithoutItsCsrfTokenChangesNothing() throws Exception {
        assertThat(send("POST", "/operator/instances/SAMPLE-BACKEND/backend-1/out-of-service",
                "operator:operator-secret", null, null, client()).statusCode()).isEqualTo(403);
        assertThat(status("backend-1")).isEqualTo("UP");
    }

    private String status(String instanceId) throws Exception {
        String body = send("GET", "/eureka/apps/SAMPLE-BACKEND/" + instanceId, "reader:reader-secret", null, null,
                client()).body();
        Matcher status = Pattern.compile("\"status\":\"([A-Z_]+)\"").matcher(body);
        assertThat(status.find()).as(body).isTrue();
        return status.group(1);
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as(page).isTrue();
        return token.group(1);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private HttpResponse<String> send(String method, String path, String login, String csrf, String json,
            HttpClient client) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json, text/html");
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        else if (csrf != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString("_csrf=" + csrf));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String instance(String app, String id, String metadata) {
        return """
                {"instance":{"instanceId":"%s","hostName":"127.0.0.1","app":"%s","ipAddr":"127.0.0.1",
                "status":"UP","port":{"$":1,"@enabled":"true"},"metadata":%s,"dataCenterInfo":{
                "@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}"""
                .formatted(id, app, metadata);
    }
}

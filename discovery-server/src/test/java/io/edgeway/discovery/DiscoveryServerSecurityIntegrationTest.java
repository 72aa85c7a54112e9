package io.edgeway.discovery;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard and the REST API need the Eureka credentials; health is open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.security.user.password=test-secret")
class DiscoveryServerSecurityIntegrationTest {

    private static final String INSTANCE = """
            {"instance":{"instanceId":"probe:1","hostName":"127.0.0.1","app":"PROBE","ipAddr":"127.0.0.1",
            "status":"UP","port":{"$":1,"@enabled":"true"},"dataCenterInfo":{
            "@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}""";

    @Value("${local.server.port}")
    private int port;

    @Test
    void healthIsOpen() {
        assertThat(status("GET", "/actuator/health", null, null)).isEqualTo(HttpStatus.OK);
    }

    @Test
    void dashboardNeedsALogin() {
        assertThat(status("GET", "/", null, null)).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status("GET", "/", "test-secret", null)).isEqualTo(HttpStatus.OK);
    }

    @Test
    void registrationNeedsCredentials() {
        assertThat(status("POST", "/eureka/apps/PROBE", null, INSTANCE)).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status("POST", "/eureka/apps/PROBE", "wrong", INSTANCE)).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(status("POST", "/eureka/apps/PROBE", "test-secret", INSTANCE)).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(status("GET", "/eureka/apps/PROBE", "test-secret", null)).isEqualTo(HttpStatus.OK);
    }

    private HttpStatusCode status(String method, String path, String password, String body) {
        var request = RestClient.create("http://127.0.0.1:" + port).method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path).headers(h -> {
                    h.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
                    if (password != null) {
                        h.setBasicAuth("eureka", password);
                    }
                });
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> response.getStatusCode());
    }
}

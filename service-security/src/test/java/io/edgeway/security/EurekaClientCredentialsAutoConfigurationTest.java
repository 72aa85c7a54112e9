package io.edgeway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** What a real loopback server receives from the Eureka client's request factory. */
class EurekaClientCredentialsAutoConfigurationTest {

    private final AtomicReference<String> authorization = new AtomicReference<>();

    private final HttpServer server = start();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EurekaClientCredentialsAutoConfiguration.class))
            .withBean(EurekaClientHttpRequestFactorySupplier.class,
                    () -> (ssl, verifier) -> new SimpleClientHttpRequestFactory());

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyRegistryCallCarriesTheServicesOwnCredential() {
        runner.withPropertyValues("edgeway.eureka.username=sample-backend", "edgeway.eureka.password=s3cret")
                .run(context -> {
                    call(context.getBean(EurekaClientHttpRequestFactorySupplier.class));
                    assertThat(authorization.get()).isEqualTo("Basic c2FtcGxlLWJhY2tlbmQ6czNjcmV0");
                });
    }

    @Test
    void leavesTheClientAloneWithoutACredential() {
        runner.run(context -> {
            call(context.getBean(EurekaClientHttpRequestFactorySupplier.class));
            assertThat(authorization.get()).isEqualTo("none");
        });
    }

    @Test
    void refusesToStartWithAUserAndNoPassword() {
        runner.withPropertyValues("edgeway.eureka.username=sample-backend")
                .run(context -> assertThat(context).hasFailed());
    }

    private void call(EurekaClientHttpRequestFactorySupplier supplier) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/eureka/apps/");
        try (ClientHttpResponse response = supplier.get(null, null).createRequest(uri, HttpMethod.GET).execute()) {
            assertThat(response.getStatusCode().value()).isEqualTo(200);
        }
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                String header = exchange.getRequestHeaders().getFirst("Authorization");
                authorization.set(header == null ? "none" : header);
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            http.start();
            return http;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

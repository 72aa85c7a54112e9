package io.edgeway.gateway.tls;

import java.util.LinkedHashMap;
import java.util.Map;

import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.TlsProperties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code edgeway.gateway.tls} into Spring Boot's own server settings: a PEM SSL bundle named
 * {@value #BUNDLE} (watched for replaced files when {@code reload-on-update}), {@code server.ssl.bundle} and
 * {@code server.http2.enabled}. Boot's Reactor Netty server then picks the bundle's current certificate for each new
 * handshake. The management port stays plain HTTP ({@code management.server.ssl.enabled=false}). Added with the lowest
 * precedence: a {@code server.ssl} or {@code spring.ssl.bundle} key set directly wins.
 *
 * <p>With {@code client-certificates.trusted-ca}, the bundle gets that trust store and the server asks for client
 * certificates ({@code server.ssl.client-auth=want}: routes decide whether one is required). With
 * {@code backends.trusted-ca} (HTTPS on the gateway or not), a second bundle {@value #BACKENDS_BUNDLE} holds that trust
 * store and Spring Cloud Gateway's HTTP client uses it for backends reached over HTTPS.
 */
public class TlsServerSettings implements EnvironmentPostProcessor, Ordered {

    /** The SSL bundle the traffic port serves. */
    public static final String BUNDLE = "edge-gateway";

    /** The SSL bundle the gateway trusts backend certificates with. */
    public static final String BACKENDS_BUNDLE = "edge-backends";

    static final String SOURCE = "edgewayTlsServerSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        TlsProperties tls = GatewaySettings.TLS.bind(Binder.get(environment));
        Map<String, Object> settings = new LinkedHashMap<>();
        if (tls.backends().hasTrustedCa()) {
            String backends = "spring.ssl.bundle.pem." + BACKENDS_BUNDLE + ".";
            settings.put(backends + "truststore.certificate", location(tls.backends().trustedCa()));
            settings.put("spring.cloud.gateway.server.webflux.httpclient.ssl.ssl-bundle", BACKENDS_BUNDLE);
        }
        if (tls.enabled()) {
            server(tls, settings);
        }
        if (!settings.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, settings));
        }
    }

    private static void server(TlsProperties tls, Map<String, Object> settings) {
        String bundle = "spring.ssl.bundle.pem." + BUNDLE + ".";
        settings.put(bundle + "keystore.certificate", location(tls.certificate()));
        settings.put(bundle + "keystore.private-key", location(tls.privateKey()));
        settings.put(bundle + "reload-on-update", tls.reloadOnUpdate());
        settings.put(bundle + "options.enabled-protocols", String.join(",", tls.protocols()));
        settings.put(bundle + "options.ciphers", String.join(",", tls.ciphers()));
        settings.put("spring.ssl.bundle.watch.file.quiet-period", tls.reloadQuietPeriod().toMillis() + "ms");
        settings.put("server.ssl.bundle", BUNDLE);
        settings.put("server.http2.enabled", tls.http2());
        // Boot's management server takes server.ssl unless it has its own: the actuator port stays plain HTTP.
        settings.put("management.server.ssl.enabled", false);
        if (tls.clientCertificates().enabled()) {
            settings.put(bundle + "truststore.certificate", location(tls.clientCertificates().trustedCa()));
            settings.put("server.ssl.client-auth", "want");
        }
    }

    /** A bare path as a {@code file:} location: Boot can watch files only. */
    static String location(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("-----BEGIN") || trimmed.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            return trimmed;
        }
        return "file:" + trimmed;
    }

    @Override
    public int getOrder() {
        // After the config data (and LocalConfigFallback): the settings may come from the config server.
        return ConfigDataEnvironmentPostProcessor.ORDER + 5;
    }
}

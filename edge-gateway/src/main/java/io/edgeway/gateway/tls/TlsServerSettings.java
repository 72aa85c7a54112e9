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
 */
public class TlsServerSettings implements EnvironmentPostProcessor, Ordered {

    /** The SSL bundle the traffic port serves. */
    public static final String BUNDLE = "edge-gateway";

    static final String SOURCE = "edgewayTlsServerSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        TlsProperties tls = GatewaySettings.TLS.bind(Binder.get(environment));
        if (!tls.enabled()) {
            return;
        }
        String bundle = "spring.ssl.bundle.pem." + BUNDLE + ".";
        Map<String, Object> settings = new LinkedHashMap<>();
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
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, settings));
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

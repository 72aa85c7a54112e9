package io.edgeway.gateway.settings;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class TlsPropertiesTest {

    @Test
    void isOffByDefaultWithModernProtocolsAndHsts() {
        TlsProperties tls = GatewaySettings.TLS.bind(binder(Map.of()));

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(tls.ciphers()).allMatch(c -> c.contains("GCM") || c.contains("CHACHA20"))
                .allMatch(c -> c.startsWith("TLS_AES") || c.startsWith("TLS_CHACHA20") || c.startsWith("TLS_ECDHE_"));
        assertThat(tls.hsts().headerValue()).isEqualTo("max-age=31536000");
        assertThat(tls.redirect().enabled()).isFalse();
    }

    @Test
    void refusesOldProtocols() {
        assertThat(GatewaySettings.check(binder(Map.of("edgeway.gateway.tls.protocols", "TLSv1.2,TLSv1.1"))))
                .containsExactly("edgeway.gateway.tls.protocols: 'TLSv1.1' is not TLSv1.2 or TLSv1.3 (older versions are"
                        + " broken)");
    }

    @Test
    void needsCertificateAndKeyWhenEnabled() {
        assertThat(GatewaySettings.check(binder(Map.of("edgeway.gateway.tls.enabled", "true")))).containsExactly(
                "edgeway.gateway.tls.certificate: must name the PEM certificate when TLS is enabled",
                "edgeway.gateway.tls.private-key: must name the PEM private key when TLS is enabled");
    }

    @Test
    void refusesARedirectWithoutHttps() {
        assertThat(GatewaySettings.check(binder(Map.of("edgeway.gateway.tls.redirect.enabled", "true"))))
                .containsExactly("edgeway.gateway.tls.redirect.enabled: needs TLS enabled (it redirects to HTTPS)");
    }

    @Test
    void hstsCanCoverSubdomains() {
        TlsProperties tls = GatewaySettings.TLS.bind(binder(Map.of("edgeway.gateway.tls.hsts.max-age", "1d",
                "edgeway.gateway.tls.hsts.include-subdomains", "true")));

        assertThat(tls.hsts().headerValue()).isEqualTo("max-age=86400; includeSubDomains");
    }

    @Test
    void knowsItsKeys() {
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.tls.redirect.https-port",
                "edgeway.gateway.tls.hsts.max-age", "edgeway.gateway.tls.reload-quiet-period"))).isEmpty();
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.tls.certficate"))).hasSize(1);
    }

    private static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    @Test
    void asksForNoClientCertificatesAndTrustsTheJvmForBackendsByDefault() {
        TlsProperties tls = GatewaySettings.TLS.bind(binder(Map.of()));

        assertThat(tls.clientCertificates().enabled()).isFalse();
        assertThat(tls.backends().hasTrustedCa()).isFalse();
    }

    @Test
    void refusesClientCertificatesWithoutHttps() {
        assertThat(GatewaySettings.check(binder(Map.of("edgeway.gateway.tls.client-certificates.trusted-ca",
                "clients-ca.pem")))).containsExactly("edgeway.gateway.tls.client-certificates.trusted-ca: needs TLS "
                        + "enabled (client certificates are part of the TLS handshake)");
    }

    @Test
    void backendTrustNeedsNoHttpsOnTheGateway() {
        TlsProperties tls = GatewaySettings.TLS.bind(binder(Map.of("edgeway.gateway.tls.backends.trusted-ca",
                "backends-ca.pem")));

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.backends().trustedCa()).isEqualTo("backends-ca.pem");
    }
}

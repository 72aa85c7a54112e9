package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTPS on the gateway's traffic port (TLS ends at the gateway), read at start-up; off by default. The certificate
 * and key files are watched: replacing them changes the certificate of new handshakes without a restart.
 *
 * @param enabled whether the traffic port ({@code server.port}) speaks HTTPS instead of plain HTTP; the management
 *     port stays as it is
 * @param certificate the PEM certificate chain, server certificate first: a file path or a {@code file:} location
 * @param privateKey the PEM private key (PKCS#8 or PKCS#1/SEC1, not encrypted) of that certificate, likewise
 * @param protocols the TLS versions accepted; only TLSv1.2 and TLSv1.3 are allowed
 * @param ciphers the TLS 1.2 and 1.3 cipher suites accepted (JDK names), all with forward secrecy and AEAD
 * @param http2 whether HTTP/2 is offered through ALPN (HTTP/1.1 stays available)
 * @param reloadOnUpdate whether replaced certificate or key files are taken up without a restart
 * @param reloadQuietPeriod how long the files must stay unchanged before they are reloaded, so that a certificate and
 *     its key written one after the other are read as a pair
 * @param hsts the Strict-Transport-Security header on HTTPS responses
 * @param redirect an extra plain-HTTP listener that sends every request to HTTPS
 * @param clientCertificates client certificates (mTLS) on the traffic port, required by routes that say so
 * @param backends TLS from the gateway to backends that register a secure port (independent of {@code enabled})
 */
@ConfigurationProperties(TlsProperties.PREFIX)
public record TlsProperties(@DefaultValue("false") boolean enabled, String certificate, String privateKey,
        @DefaultValue({ "TLSv1.3", "TLSv1.2" }) List<String> protocols,
        @DefaultValue({ "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" }) List<String> ciphers,
        @DefaultValue("true") boolean http2, @DefaultValue("true") boolean reloadOnUpdate,
        @DefaultValue("2s") Duration reloadQuietPeriod, @DefaultValue Hsts hsts, @DefaultValue Redirect redirect,
        @DefaultValue ClientCertificates clientCertificates, @DefaultValue Backends backends) {

    public static final String PREFIX = "edgeway.gateway.tls";

    private static final Set<String> MODERN_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    public TlsProperties {
        protocols = protocols.stream().map(String::trim).toList();
        ciphers = ciphers.stream().map(String::trim).toList();
        Problems problems = Problems.under(PREFIX);
        if (enabled) {
            problems.require(certificate != null && !certificate.isBlank(), "certificate",
                    "must name the PEM certificate when TLS is enabled")
                    .require(privateKey != null && !privateKey.isBlank(), "private-key",
                            "must name the PEM private key when TLS is enabled");
        }
        for (String protocol : protocols) {
            problems.require(MODERN_PROTOCOLS.contains(protocol), "protocols",
                    "'" + protocol + "' is not TLSv1.2 or TLSv1.3 (older versions are broken)");
        }
        problems.require(!protocols.isEmpty(), "protocols", "must name at least one protocol")
                .require(!ciphers.isEmpty(), "ciphers", "must name at least one cipher suite")
                .require(Problems.positive(reloadQuietPeriod), "reload-quiet-period",
                        "must be positive, not " + reloadQuietPeriod)
                .require(!redirect.enabled() || enabled, "redirect.enabled", "needs TLS enabled (it redirects to HTTPS)")
                .require(!clientCertificates.enabled() || enabled, "client-certificates.trusted-ca",
                        "needs TLS enabled (client certificates are part of the TLS handshake)")
                .throwIfAny();
    }

    /**
     * @param enabled whether HTTPS responses carry {@code Strict-Transport-Security}
     * @param maxAge how long browsers keep to HTTPS for this host
     * @param includeSubdomains whether the rule covers every subdomain too (only for a host that owns them all)
     */
    public record Hsts(@DefaultValue("true") boolean enabled, @DefaultValue("365d") Duration maxAge,
            @DefaultValue("false") boolean includeSubdomains) {

        public Hsts {
            Problems.under(PREFIX + ".hsts")
                    .require(maxAge != null && !maxAge.isNegative(), "max-age", "must not be negative")
                    .throwIfAny();
        }

        /** The header's value. */
        public String headerValue() {
            return "max-age=" + maxAge.toSeconds() + (includeSubdomains ? "; includeSubDomains" : "");
        }
    }

    /**
     * @param enabled whether the plain listener runs
     * @param port the plain listener's port (0: any free port)
     * @param httpsPort the port named in the redirect; unset: the traffic port the gateway listens on (set it when
     *     clients reach HTTPS through another port, such as 443 forwarded to the gateway)
     */
    public record Redirect(@DefaultValue("false") boolean enabled, @DefaultValue("8080") int port, Integer httpsPort) {

        public Redirect {
            Problems.under(PREFIX + ".redirect")
                    .require(port >= 0 && port <= 65535, "port", "must be a port number, not " + port)
                    .require(httpsPort == null || (httpsPort > 0 && httpsPort <= 65535), "https-port",
                            "must be a port number, not " + httpsPort)
                    .throwIfAny();
        }
    }

    /**
     * Client certificates (mTLS): with a trusted CA set, the TLS server asks every client for a certificate
     * ({@code client-auth: want}) and completes the handshake only if a certificate sent is signed by that CA; a
     * client may send none. Routes with {@code client-cert: required} in their metadata refuse requests without one
     * (403), and pass the certificate's subject to the backend in a header (edgeway.gateway.auth.headers).
     *
     * @param trustedCa the PEM certificates of the CAs whose client certificates are accepted: a file path or a
     *     {@code file:} location; unset: no client certificates are asked for
     */
    public record ClientCertificates(String trustedCa) {

        /** Whether the server asks for client certificates. */
        public boolean enabled() {
            return trustedCa != null && !trustedCa.isBlank();
        }
    }

    /**
     * TLS to backends: a load-balanced route ({@code lb://service}) goes over HTTPS to an instance that registers a
     * secure port (Eureka: {@code securePortEnabled}), over plain HTTP to one that does not. The gateway verifies the
     * backend's certificate chain and its host name (the address it connects to) always.
     *
     * @param trustedCa the PEM certificates of the CAs that sign backend certificates: a file path or a {@code file:}
     *     location; unset: the JVM's default trust store
     */
    public record Backends(String trustedCa) {

        /** Whether a trust bundle of our own is configured. */
        public boolean hasTrustedCa() {
            return trustedCa != null && !trustedCa.isBlank();
        }
    }
}

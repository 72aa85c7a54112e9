package io.edgeway.gateway.tls;

import java.security.cert.X509Certificate;

import javax.security.auth.x500.X500Principal;

import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client certificate of a request's TLS connection, as far as the handshake verified it: the TLS server
 * ({@code client-auth: want}, edgeway.gateway.tls.client-certificates) completes a handshake with a client certificate
 * only if it is signed by a trusted CA, so a certificate here is a verified one.
 */
public final class ClientCertificate {

    private ClientCertificate() {
    }

    /** The subject (RFC 2253) of the connection's client certificate, or null without one (or without TLS). */
    public static String subject(ServerWebExchange exchange) {
        SslInfo ssl = exchange.getRequest().getSslInfo();
        X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
        if (chain == null || chain.length == 0) {
            return null;
        }
        String subject = chain[0].getSubjectX500Principal().getName(X500Principal.RFC2253);
        // A header value must stay printable ASCII; RFC 2253 lets other characters through as they are.
        return subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? subject
                : chain[0].getSubjectX500Principal().getName(X500Principal.CANONICAL).replaceAll("[^\\x20-\\x7e]", "?");
    }
}

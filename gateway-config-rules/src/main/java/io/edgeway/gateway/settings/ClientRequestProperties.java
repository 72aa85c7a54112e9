package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.List;

import io.edgeway.security.AddressRange;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the gateway takes from a client connection: whose forwarding headers it believes, and how many headers and how
 * much time a request may take before it is refused.
 *
 * @param trustedProxies the proxies (CIDRs, such as the hardware VIP's SNAT range) whose {@code X-Forwarded-For},
 *     {@code Forwarded} and {@code X-Real-IP} are believed: the client is the rightmost address in them that is not a
 *     trusted proxy. From any other peer these headers are removed and the peer is the client. Empty: none.
 * @param maxHeaders header lines a request may have; more is refused with 431
 * @param headerTimeout how long a request's headers may take from their first byte (or a new connection's first
 *     request from the connection), after which the connection is closed; read at start-up
 */
@ConfigurationProperties(ClientRequestProperties.PREFIX)
public record ClientRequestProperties(@DefaultValue List<String> trustedProxies, @DefaultValue("100") int maxHeaders,
        @DefaultValue("10s") Duration headerTimeout) {

    public static final String PREFIX = "edgeway.gateway.client-requests";

    public ClientRequestProperties {
        trustedProxies = trustedProxies.stream().map(String::trim).toList();
        Problems problems = Problems.under(PREFIX);
        for (String cidr : trustedProxies) {
            try {
                AddressRange.parse(cidr);
            }
            catch (IllegalArgumentException ex) {
                problems.require(false, "trusted-proxies", ex.getMessage());
            }
        }
        problems.require(maxHeaders >= 10, "max-headers", "must be at least 10, not " + maxHeaders)
                .require(Problems.positive(headerTimeout), "header-timeout", "must be positive, not " + headerTimeout)
                .throwIfAny();
    }

    /** The trusted proxies, parsed. */
    public List<AddressRange> trustedProxyRanges() {
        return trustedProxies.stream().map(AddressRange::parse).toList();
    }
}

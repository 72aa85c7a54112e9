package io.edgeway.gateway.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * The address a request comes from: the client a trusted proxy forwarded it for ({@code ClientAddressFilter}), or
 * else the TCP peer. What logs, rate limits ({@code ip}) and canary keys use.
 */
public final class ClientAddress {

    /** Exchange attribute holding the client's {@link InetAddress}, set before the security chain runs. */
    public static final String ATTRIBUTE = ClientAddress.class.getName();

    private ClientAddress() {
    }

    /** The client's address as text ({@code 203.0.113.9}, {@code 2001:db8::1}), if known. */
    public static Optional<String> of(ServerWebExchange exchange) {
        InetAddress client = exchange.getAttribute(ATTRIBUTE);
        if (client != null) {
            return Optional.of(client.getHostAddress());
        }
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        if (peer == null) {
            return Optional.empty();
        }
        return Optional.of(peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString());
    }
}

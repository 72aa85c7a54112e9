package io.edgeway.gateway.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.edgeway.gateway.accesslog.AccessLogFilter;
import io.edgeway.gateway.settings.ClientRequestProperties;
import io.edgeway.gateway.support.ClientAddress;
import io.edgeway.gateway.support.HeaderNames;
import io.edgeway.gateway.support.LiveProperties;
import io.edgeway.security.AddressRange;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Decides who a request is from before anything else reads it. From a trusted proxy
 * ({@code edgeway.gateway.client-requests.trusted-proxies}) the client is the rightmost hop of
 * {@code X-Forwarded-For} (else {@code Forwarded}, else {@code X-Real-IP}) that is not itself a trusted proxy; from
 * any other peer every forwarding header is removed, so that a client cannot pass for another one, neither here nor
 * at a backend (the gateway then adds its own {@code X-Forwarded-*}). Spellings with {@code _} are removed always.
 */
public final class ClientAddressFilter implements WebFilter, Ordered {

    /** First after the access log, before the security chain and the routes. */
    public static final int ORDER = AccessLogFilter.ORDER + 1;

    private static final String FORWARDED = "forwarded";

    private static final String X_REAL_IP = "x-real-ip";

    /** What is removed from an untrusted peer's request: every forwarding header. */
    private static final Predicate<CharSequence> FORWARDING = ClientAddressFilter::isForwarding;

    /** What is removed from a trusted proxy's request: the spellings with {@code _}, which it did not mean. */
    private static final Predicate<CharSequence> UNDERSCORED_FORWARDING = name -> isForwarding(name)
            && indexOf(name, '_') >= 0;

    private static final String X_FORWARDED = "x-forwarded-";

    private final LiveProperties<ClientRequestProperties> properties;

    private volatile Trusted trusted = new Trusted(null, List.of());

    public ClientAddressFilter(LiveProperties<ClientRequestProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote != null ? remote.getAddress() : null;
        List<AddressRange> proxies = trustedProxies();
        boolean fromProxy = peer != null && isTrusted(peer, proxies);
        InetAddress client = fromProxy ? forwardedClient(request.getHeaders(), peer, proxies) : peer;
        ServerWebExchange checked = exchange;
        List<String> remove = HeaderNames.matching(request, fromProxy ? UNDERSCORED_FORWARDING : FORWARDING);
        if (!remove.isEmpty()) {
            checked = exchange.mutate().request(request.mutate().headers(h -> remove.forEach(h::remove)).build())
                    .build();
        }
        if (client != null) {
            checked.getAttributes().put(ClientAddress.ATTRIBUTE, client);
        }
        return chain.filter(checked);
    }

    private List<AddressRange> trustedProxies() {
        ClientRequestProperties settings = properties.get();
        Trusted known = trusted;
        if (known.settings != settings) {
            known = new Trusted(settings, settings.trustedProxyRanges());
            trusted = known;
        }
        return known.ranges;
    }

    static boolean isForwarding(CharSequence name) {
        return HeaderNames.startsWithNormalized(name, X_FORWARDED) || HeaderNames.equalsNormalized(name, FORWARDED)
                || HeaderNames.equalsNormalized(name, X_REAL_IP);
    }

    private static int indexOf(CharSequence name, char c) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The rightmost hop that is not a trusted proxy; the peer itself when the proxy forwarded nothing readable. */
    static InetAddress forwardedClient(HttpHeaders headers, InetAddress peer, List<AddressRange> proxies) {
        List<String> hops = hops(headers);
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressRange.literal(withoutPort(hops.get(i)).trim());
            if (hop.isEmpty()) {
                return client; // "unknown", a name or garbage: nothing further left can be believed
            }
            client = hop.get();
            if (!isTrusted(client, proxies)) {
                return client;
            }
        }
        return client;
    }

    private static List<String> hops(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        List<String> xff = headers.get("X-Forwarded-For");
        if (xff != null) {
            xff.forEach(value -> split(value, ',', hops));
        }
        if (hops.isEmpty() && headers.get("Forwarded") != null) {
            for (String value : headers.get("Forwarded")) {
                for (String element : value.split(",")) {
                    for (String pair : element.split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                            hops.add(pair.substring(eq + 1).trim().replace("\"", ""));
                        }
                    }
                }
            }
        }
        if (hops.isEmpty() && headers.getFirst("X-Real-IP") != null) {
            hops.add(headers.getFirst("X-Real-IP").trim());
        }
        return hops;
    }

    private static void split(String value, char separator, List<String> into) {
        for (String part : value.split(String.valueOf(separator))) {
            if (!part.isBlank()) {
                into.add(part.trim());
            }
        }
    }

    /** {@code 203.0.113.9:4711} and {@code [2001:db8::1]:4711} without the port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(0, end + 1) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static boolean isTrusted(InetAddress address, List<AddressRange> proxies) {
        for (AddressRange range : proxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private record Trusted(ClientRequestProperties settings, List<AddressRange> ranges) {
    }
}

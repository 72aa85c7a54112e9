package io.edgeway.gateway.pool;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Warns, once per backend instance, when a backend announces ({@code Keep-Alive: timeout=N}) that it closes idle
 * connections no later than the gateway's pool does: a request could then be sent on a connection the backend is
 * closing, and a POST would fail. Reads the header before Spring Cloud Gateway drops it as hop-by-hop.
 */
public final class KeepAliveCheck implements HttpHeadersFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(KeepAliveCheck.class);

    /** The pool's idle time; null when the pool keeps idle connections forever. */
    private final Duration maxIdleTime;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public KeepAliveCheck(Duration maxIdleTime) {
        this.maxIdleTime = maxIdleTime;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        String keepAlive = input.getFirst("Keep-Alive");
        if (keepAlive != null) {
            Duration timeout = timeout(keepAlive);
            if (timeout != null && (maxIdleTime == null || maxIdleTime.compareTo(timeout) >= 0)) {
                URI backend = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
                String instance = backend == null ? "a backend" : backend.getHost() + ":" + backend.getPort();
                if (warned.add(instance)) {
                    log.warn("Backend {} closes idle connections after {} s (Keep-Alive: {}), not after the gateway's "
                            + "pool does ({}): POSTs can fail on connections it closes. Set "
                            + "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time below {} s "
                            + "(README, \"Backend connections\")", instance, timeout.toSeconds(), keepAlive,
                            maxIdleTime == null ? "never" : "max-idle-time " + maxIdleTime, timeout.toSeconds());
                }
            }
        }
        return input;
    }

    /** The {@code timeout} parameter of a Keep-Alive header ({@code timeout=5, max=1000}), or null. */
    static Duration timeout(String keepAlive) {
        for (String parameter : keepAlive.split(",")) {
            String[] nameValue = parameter.trim().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].trim().toLowerCase(Locale.ROOT).equals("timeout")) {
                try {
                    long seconds = Long.parseLong(nameValue[1].trim());
                    return seconds > 0 ? Duration.ofSeconds(seconds) : null;
                }
                catch (NumberFormatException ex) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }

    /** Before RemoveHopByHopHeadersFilter removes Keep-Alive. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

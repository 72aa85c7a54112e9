package io.edgeway.gateway.settings;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where routes may send requests besides {@code lb://} services (always allowed) and {@code no://op} (answered by the
 * gateway itself). Link-local and cloud-metadata addresses are refused even when listed here, and so is any
 * {@code forward:} into the actuator, which would skip the actuator's own security.
 *
 * @param hosts hosts that {@code http}, {@code https}, {@code ws} and {@code wss} routes may name: an exact name or
 *     address ({@code partner.example.com}, {@code 10.1.2.3}), or {@code *.example.com} for any name below it
 * @param forwards paths that {@code forward:} routes and fallbacks may name: an exact path, or {@code /fallback/**}
 *     for any path below it
 */
@ConfigurationProperties(RouteTargetProperties.PREFIX)
public record RouteTargetProperties(@DefaultValue List<String> hosts, @DefaultValue List<String> forwards) {

    public static final String PREFIX = "edgeway.gateway.route-targets";

    public RouteTargetProperties {
        hosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        forwards = forwards.stream().map(String::trim).toList();
        Problems problems = Problems.under(PREFIX);
        for (String host : hosts) {
            problems.require(!host.isEmpty() && !host.contains("/") && !host.contains(":") || host.startsWith("["),
                    "hosts", "'" + host + "' is not a host name, address or *.domain pattern");
            problems.require(!host.contains("*") || (host.startsWith("*.") && host.indexOf('*', 1) < 0
                    && host.length() > 2), "hosts", "'" + host + "' may only start with '*.' (any name below a domain)");
        }
        for (String forward : forwards) {
            problems.require(forward.startsWith("/"), "forwards", "'" + forward + "' is not a path starting with /");
        }
        problems.throwIfAny();
    }

    /** Whether a host (lower case, IPv6 addresses in brackets) is on the list. */
    public boolean allowsHost(String host) {
        return hosts.stream().anyMatch(pattern -> pattern.startsWith("*.")
                ? host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1
                : pattern.equals(host));
    }

    /** Whether a forward path is on the list. */
    public boolean allowsForward(String path) {
        return forwards.stream().anyMatch(pattern -> pattern.endsWith("/**")
                ? path.equals(pattern.substring(0, pattern.length() - 3))
                        || path.startsWith(pattern.substring(0, pattern.length() - 2))
                : pattern.equals(path));
    }
}

package io.edgeway.gateway.rules;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.edgeway.gateway.settings.RouteTargetProperties;

/**
 * The policy for where a route may send requests: {@code lb://} services and {@code no://op} always; {@code http},
 * {@code https}, {@code ws}, {@code wss} only to hosts on {@link RouteTargetProperties#hosts()}; {@code forward:}
 * only to paths on {@link RouteTargetProperties#forwards()}, never into the actuator; and never a link-local or
 * cloud-metadata address, whatever the lists say. Names are judged as written: nothing is resolved.
 */
public final class RouteTargets {

    /** The policy with nothing allow-listed: the shipped default. */
    public static final RouteTargets DEFAULT = new RouteTargets(new RouteTargetProperties(List.of(), List.of()));

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private static final Set<String> HOST_SCHEMES = Set.of("http", "https", "ws", "wss");

    /** Looks like an IPv4 address in some notation (resolvers read 2852039166, 0xa9.0376.43518 as addresses too). */
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9][0-9a-fx.]*");

    private static final Pattern CANONICAL_IPV4 = Pattern
            .compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final RouteTargetProperties settings;

    public RouteTargets(RouteTargetProperties settings) {
        this.settings = settings;
    }

    /** What is wrong with sending requests to this URI (already parsed, scheme in lower case), if anything. */
    Optional<String> problem(String uri, String scheme, URI parsed) {
        if (scheme.equals("forward")) {
            return forwardProblem(uri, parsed);
        }
        if (!HOST_SCHEMES.contains(scheme)) {
            return Optional.empty();
        }
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        Optional<String> forbidden = forbiddenHost(host);
        if (forbidden.isPresent()) {
            return Optional.of("uri '" + uri + "' " + forbidden.get() + ", never a route target");
        }
        if (!settings.allowsHost(host)) {
            return Optional.of("uri '" + uri + "': host '" + host + "' is not in " + RouteTargetProperties.PREFIX
                    + ".hosts (only lb:// services are allowed by default)");
        }
        return Optional.empty();
    }

    /** A {@code forward:} target, of a route or of a fallback: allow-listed, and never the actuator. */
    public Optional<String> forwardProblem(String uri, URI parsed) {
        String path = parsed.getPath() != null ? parsed.getPath()
                : parsed.getSchemeSpecificPart() != null ? parsed.getSchemeSpecificPart() : "";
        String normalized;
        try {
            normalized = new URI(null, null, "/" + path.replaceAll("^/+", ""), null).normalize().getPath()
                    .toLowerCase(Locale.ROOT);
        }
        catch (URISyntaxException ex) {
            return Optional.of("uri '" + uri + "' has a path that is not valid: " + ex.getMessage());
        }
        if (normalized.equals("/actuator") || normalized.startsWith("/actuator/") || path.contains("%")
                || path.contains(";")) {
            return Optional.of("uri '" + uri + "' forwards into the gateway's actuator (or hides the path it names), "
                    + "which would skip its security");
        }
        if (!settings.allowsForward(normalized)) {
            return Optional.of("uri '" + uri + "': forward path '" + normalized + "' is not in "
                    + RouteTargetProperties.PREFIX + ".forwards");
        }
        return Optional.empty();
    }

    /** Why a host is never a route target: link-local, cloud metadata, or an address in an unusual notation. */
    static Optional<String> forbiddenHost(String host) {
        if (METADATA_NAMES.contains(host)) {
            return Optional.of("names the cloud metadata service");
        }
        InetAddress address;
        try {
            if (host.startsWith("[")) {
                address = InetAddress.getByName(host.substring(1, host.length() - 1));
            }
            else if (IPV4_LIKE.matcher(host).matches()) {
                if (!CANONICAL_IPV4.matcher(host).matches()) {
                    return Optional.of("names an address in a non-canonical notation");
                }
                address = InetAddress.getByName(host);
            }
            else {
                return Optional.empty();
            }
        }
        catch (UnknownHostException ex) {
            return Optional.of("names no valid address");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isV4Compatible(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length == 4 && (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254) {
            return Optional.of("is link-local (169.254.0.0/16, where cloud metadata lives)");
        }
        if (address instanceof Inet6Address && bytes.length == 16) {
            if ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80) {
                return Optional.of("is link-local (fe80::/10)");
            }
            if (address.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254")) {
                return Optional.of("names the cloud metadata service");
            }
        }
        return Optional.empty();
    }

    /** {@code ::a.b.c.d}: an IPv4 address written as IPv6 (IPv4-mapped ones Java already turns into IPv4). */
    private static boolean isV4Compatible(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

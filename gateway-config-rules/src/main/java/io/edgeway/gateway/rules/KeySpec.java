package io.edgeway.gateway.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a request's key comes from, for canary stickiness and rate limits, as written in a route: {@code subject}
 * (the verified JWT subject), {@code header:NAME}, {@code cookie:NAME} or {@code ip} (the client address: the peer,
 * or behind a trusted proxy the client it forwarded for); several, separated by commas, are tried in order and the
 * first one present wins.
 */
public record KeySpec(List<Source> sources) {

    public KeySpec {
        sources = List.copyOf(sources);
    }

    /** One place to look for the key: {@code type} is subject, ip, header or cookie; {@code name} the header or cookie. */
    public record Source(String type, String name) {
    }

    /** Parses a spec; throws when a part is none of the four forms. */
    public static KeySpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return new KeySpec(List.of());
        }
        return new KeySpec(Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(KeySpec::source).toList());
    }

    private static Source source(String text) {
        String[] parts = text.split(":", 2);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        String name = parts.length > 1 ? parts[1].trim() : "";
        boolean valid = switch (type) {
            case "subject", "ip" -> name.isEmpty();
            case "header", "cookie" -> !name.isEmpty();
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("key '" + text + "' is not subject, ip, header:NAME or cookie:NAME");
        }
        return new Source(type, name);
    }
}

package io.edgeway.gateway.rules;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.edgeway.gateway.settings.AuthProperties;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * The client headers the gateway removes from every request before any route filter runs
 * ({@code edgeway.gateway.auth.headers.strip}): a route filter keyed on one of them would never see it.
 */
public record StrippedHeaders(Set<String> normalized) {

    /** The shipped list. */
    public static final StrippedHeaders DEFAULT = of(
            new Binder().bindOrCreate(AuthProperties.PREFIX + ".headers", AuthProperties.Headers.class).strip());

    public StrippedHeaders {
        normalized = Set.copyOf(normalized);
    }

    /** The headers removed under these names, in any case and with {@code _} for {@code -}, as the gateway removes them. */
    public static StrippedHeaders of(Collection<String> names) {
        return new StrippedHeaders(names.stream().map(StrippedHeaders::normalize).collect(Collectors.toSet()));
    }

    /** The list a gateway binding these settings strips; the shipped one when they do not bind. */
    public static StrippedHeaders boundFrom(Binder binder) {
        try {
            return of(binder.bindOrCreate(AuthProperties.PREFIX + ".headers", AuthProperties.Headers.class).strip());
        }
        catch (RuntimeException ex) {
            return DEFAULT;
        }
    }

    /** Why a filter may not read this header, if the gateway removes it. */
    Optional<String> problem(String header) {
        if (!normalized.contains(normalize(header))) {
            return Optional.empty();
        }
        return Optional.of("reads header " + header + ", which the gateway removes from every request ("
                + AuthProperties.PREFIX + ".headers.strip), so it is never there; use subject, or a header it keeps");
    }

    private static String normalize(String name) {
        return name.trim().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}

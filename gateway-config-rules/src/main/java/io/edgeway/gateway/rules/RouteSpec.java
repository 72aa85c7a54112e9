package io.edgeway.gateway.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route as the config writes it, before the gateway builds it: what {@link RouteRules} checks.
 *
 * @param id the route id ({@code null} or blank: none)
 * @param uri where it sends requests, as written ({@code null}: none)
 * @param predicates when it matches
 * @param filters what it does to a request
 * @param metadata its metadata ({@code access}, {@code scopes}, ...)
 */
public record RouteSpec(String id, String uri, List<Definition> predicates, List<Definition> filters,
        Map<String, Object> metadata) {

    public RouteSpec {
        predicates = List.copyOf(predicates);
        filters = List.copyOf(filters);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}

package io.edgeway.gateway.revision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds edge-gateway.yml at a made-up commit, flattened as the config server serves it. */
final class ConfigAt {

    static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

    private final String commit;

    private final Map<String, Object> values = new LinkedHashMap<>();

    private int routes;

    private ConfigAt(String commit) {
        this.commit = commit;
    }

    static ConfigAt commit(String commit) {
        return new ConfigAt(commit);
    }

    /** A public route with one predicate and one filter. */
    ConfigAt route(String id, String uri, String predicate, String filter) {
        String route = ROUTES + "[" + routes++ + "].";
        values.put(route + "id", id);
        values.put(route + "uri", uri);
        values.put(route + "predicates[0]", predicate);
        values.put(route + "filters[0]", filter);
        values.put(route + "metadata.access", "public");
        return this;
    }

    ConfigAt set(String key, Object value) {
        values.put(key, value);
        return this;
    }

    ServedConfig served() {
        return new ServedConfig("edge-gateway", commit,
                List.of(new ServedConfig.Source("edge-gateway.yml", new LinkedHashMap<>(values))));
    }
}

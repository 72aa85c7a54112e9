package io.edgeway.gateway.rules;

import java.util.List;

import io.edgeway.gateway.settings.InvalidConfigException;
import io.edgeway.gateway.settings.Problems;

/**
 * Arguments of one of edge-gateway's own route filters, as a route writes them. A small mutable class with a no-arg
 * constructor, because Spring Cloud Gateway makes it and then sets what the route says; {@link #validate()} then says
 * what is wrong, on the config server and on the gateway alike.
 */
public abstract class FilterArgs {

    /** The id of the route the filter is on; the gateway fills it in. */
    private String routeId;

    public String getRouteId() {
        return routeId;
    }

    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }

    /** Throws {@link InvalidConfigException} naming every argument that is wrong. */
    public abstract void validate();

    /** The request headers the filter reads (keys, overrides); call after {@link #validate()}. */
    public List<String> headersRead() {
        return List.of();
    }

    /** The headers a valid key spec reads. */
    static List<String> keyHeaders(String spec) {
        return KeySpec.parse(spec).sources().stream().filter(source -> source.type().equals("header"))
                .map(KeySpec.Source::name).toList();
    }

    /** Whether a key spec parses; a problem of the argument {@code key} if not. */
    static void checkKey(Problems problems, String spec) {
        try {
            KeySpec.parse(spec);
        }
        catch (IllegalArgumentException ex) {
            problems.require(false, "key", ex.getMessage());
        }
    }
}

package io.edgeway.e2e.support;

/** Edits of config-repo/edge-gateway.yml for the tests; the routes list ends that file. */
public final class GatewayRoutes {

    private GatewayRoutes() {
    }

    /** The config with one more public route, to the backend root. */
    public static String withRoute(String config, String id, String path) {
        return withRoute(config, id, "lb://sample-backend", "Path=" + path, "SetPath=/");
    }

    public static String withRoute(String config, String id, String uri, String predicate, String filter) {
        return config.stripTrailing() + "\n"
                + "            - id: " + id + "\n"
                + "              uri: '" + uri + "'\n"
                + "              predicates:\n"
                + "                - " + predicate + "\n"
                + "              filters:\n"
                + "                - " + filter + "\n"
                + "              metadata:\n"
                + "                access: public\n";
    }
}

package io.edgeway.gateway.revision;

import java.util.List;
import java.util.Map;

/**
 * The config server's answer for one application at one commit, as it is sent (and as it is cached on disk).
 *
 * @param propertySources highest precedence first, each one a flat map of keys
 */
public record ServedConfig(String name, String version, List<Source> propertySources) {

    public ServedConfig {
        propertySources = propertySources == null ? List.of() : List.copyOf(propertySources);
    }

    /** One file of the config repository, flattened. */
    public record Source(String name, Map<String, Object> source) {
    }
}

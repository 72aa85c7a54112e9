package io.edgeway.lbadapter.deploy;

import java.util.Objects;

/**
 * One instance of a service that a rolling deploy replaces.
 *
 * @param application the registry's application name, lower case
 * @param instanceId  the registry's id of the instance; null for a new instance not yet registered
 * @param host        its IP address
 * @param port        its traffic port
 */
public record DeployTarget(String application, String instanceId, String host, int port) {

    public DeployTarget {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(host, "host");
    }

    /** {@code host:port}, as device pools name a member. */
    public String address() {
        return host + ":" + port;
    }
}

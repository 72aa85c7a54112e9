package io.edgeway.lbadapter.deploy;

import java.util.List;
import java.util.Optional;

/** The service registry as a rolling deploy needs it. */
public interface InstanceRegistry {

    /** The UP instances of the application. */
    List<DeployTarget> upInstances(String application);

    /** The UP instance at {@code host:port}, if the registry has one. */
    default Optional<DeployTarget> upInstance(String application, String host, int port) {
        return upInstances(application).stream().filter(i -> i.host().equals(host) && i.port() == port).findFirst();
    }
}

package io.edgeway.gateway.revision;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/configrevision}: the commit this gateway runs, where it came from, and the last one it refused. */
@Component
@Endpoint(id = "configrevision")
class ConfigRevisionEndpoint {

    private final ConfigRevisionApplier applier;

    ConfigRevisionEndpoint(ConfigRevisionApplier applier) {
        this.applier = applier;
    }

    @ReadOperation
    AppliedRevision revision() {
        return applier.current();
    }
}

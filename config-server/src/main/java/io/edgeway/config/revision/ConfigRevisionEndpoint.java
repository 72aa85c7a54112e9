package io.edgeway.config.revision;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/configrevision}: the published commit, the newest checked, and recent rejections with reasons. */
@Component
@Endpoint(id = "configrevision")
class ConfigRevisionEndpoint {

    private final ConfigRevisions revisions;

    ConfigRevisionEndpoint(ConfigRevisions revisions) {
        this.revisions = revisions;
    }

    @ReadOperation
    Map<String, Object> revision() {
        return RevisionController.view(revisions);
    }
}

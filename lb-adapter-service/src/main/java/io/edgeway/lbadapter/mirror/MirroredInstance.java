package io.edgeway.lbadapter.mirror;

import java.util.Map;

/** An instance registered in Eureka that belongs in a load-balancer pool. */
public record MirroredInstance(String application, String instanceId, String host, int port,
        Map<String, String> metadata) {
}

package io.edgeway.discovery.operator;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import com.netflix.eureka.registry.PeerAwareInstanceRegistry;

/**
 * Takes an instance out of service and puts it back, as {@code PUT} and {@code DELETE}
 * {@code /eureka/apps/{app}/{id}/status} do (an override every node of a cluster gets by replication), and audits
 * each action.
 */
public final class InstanceStatusActions {

    private final PeerAwareInstanceRegistry registry;

    private final OperatorAudit audit;

    public InstanceStatusActions(PeerAwareInstanceRegistry registry, OperatorAudit audit) {
        this.registry = registry;
        this.audit = audit;
    }

    /** Overrides the instance's status with OUT_OF_SERVICE: every gateway stops sending it requests. */
    public boolean takeOutOfService(String operator, String application, String instanceId) {
        InstanceInfo instance = registry.getInstanceByAppAndId(application, instanceId, false);
        boolean applied = instance != null && registry.statusUpdate(instance.getAppName(), instanceId,
                InstanceStatus.OUT_OF_SERVICE, null, false);
        audit.record(operator, application, instanceId, "OUT_OF_SERVICE", applied);
        return applied;
    }

    /** Removes the override: the instance's own status (UP, once it renews) counts again. */
    public boolean putBackInService(String operator, String application, String instanceId) {
        InstanceInfo instance = registry.getInstanceByAppAndId(application, instanceId, false);
        boolean applied = instance != null && registry.deleteStatusOverride(instance.getAppName(), instanceId,
                InstanceStatus.UNKNOWN, null, false);
        audit.record(operator, application, instanceId, "BACK_IN_SERVICE", applied);
        return applied;
    }
}

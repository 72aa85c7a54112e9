package io.edgeway.lb.rules;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One VIP as the user declares it in git, in the same words for F5 and NetScaler.
 *
 * @param name        the VIP's name, unique among the declarations; the device objects are named after it
 * @param address     the virtual address (an IP literal)
 * @param port        the virtual port
 * @param protocol    tcp, http or https (passthrough)
 * @param application the Eureka application whose UP instances are the members
 * @param memberPort  the members' port; the instance's own port when unset
 * @param health      the members' monitor; none (the device's default) when unset
 * @param persistence none, source-ip or cookie
 * @param partition   the partition; the device's first listed partition when unset
 * @param device      a device's name, or {@value #AUTO}: the device whose member networks hold the instances
 */
public record VipDeclaration(String name, String address, Integer port, @DefaultValue("tcp") VipProtocol protocol,
        String application, Integer memberPort, HealthCheck health, @DefaultValue("none") Persistence persistence,
        String partition, @DefaultValue(VipDeclaration.AUTO) String device) {

    public static final String AUTO = "auto";

    /** Whether the device is chosen from the instances' addresses. */
    public boolean autoDevice() {
        return device == null || AUTO.equals(device);
    }
}

package io.edgeway.lbadapter.mirror;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.netflix.appinfo.InstanceInfo;
import io.edgeway.lb.rules.DeviceNetworks;
import io.edgeway.lb.rules.DeviceSelection;
import io.edgeway.lb.rules.VipDeclaration;
import io.edgeway.lb.rules.VipSettings;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.vip.CanarySplit;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.VipKey;
import io.edgeway.lbadapter.vip.VipSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.netflix.eureka.EurekaServiceInstance;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * The {@code vips:} declared in git, read again from the environment whenever the config changes (a refresh after a
 * commit), and placed on their devices with the registry's UP instances as members. Declarations that break the
 * {@link io.edgeway.lb.rules.VipRules} are refused: the last good ones stay in force.
 */
@Component
public class VipSource {

    /**
     * The declared VIPs placed now, the names of those that cannot be placed (with the reason), and the config commit
     * that declares them (null when not known).
     */
    public record Placement(List<DesiredVip> desired, Map<String, String> unplaced, String commit) {

        public Placement {
            desired = List.copyOf(desired);
            unplaced = Map.copyOf(unplaced);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(VipSource.class);

    /** The instance metadata naming an instance's version, as the gateway's canary reads it. */
    static final String VERSION_KEY = "version";

    private final ConfigurableEnvironment environment;

    private final DiscoveryClient discoveryClient;

    /** Where the config client puts the version (the git commit) of the config it loaded last. */
    private static final String CONFIG_VERSION = "config.client.version";

    private final GatewayCanaries canaries;

    private volatile Declarations declarations;

    /** The declarations in force and the commit they came from, swapped together. */
    private record Declarations(VipSettings settings, String commit) {
    }

    VipSource(ConfigurableEnvironment environment, DiscoveryClient discoveryClient, GatewayCanaries canaries) {
        this.environment = environment;
        this.discoveryClient = discoveryClient;
        this.canaries = canaries;
        // At start-up the properties' own check has passed already (or the start failed).
        this.declarations = new Declarations(VipSettings.bind(Binder.get(environment)),
                environment.getProperty(CONFIG_VERSION));
    }

    /** Re-reads the declarations; ordered before the reconcile loop's own listener, which then plans with them. */
    @EventListener(EnvironmentChangeEvent.class)
    @Order(0)
    void configChanged() {
        VipSettings candidate;
        try {
            candidate = VipSettings.bind(Binder.get(environment));
        }
        catch (RuntimeException e) {
            log.warn("VIP declarations refused, the last good ones stay: {}", e.getMessage());
            return;
        }
        List<String> problems = candidate.check();
        if (!problems.isEmpty()) {
            log.warn("VIP declarations refused, the last good ones stay: {}", String.join("; ", problems));
            return;
        }
        String commit = environment.getProperty(CONFIG_VERSION);
        if (!candidate.equals(declarations.settings())) {
            log.info("VIP declarations changed at config commit {}: {} declared", commit, candidate.vips().size());
        }
        declarations = new Declarations(candidate, commit);
    }

    /** The declarations in force. */
    public VipSettings settings() {
        return declarations.settings();
    }

    /** The config commit of the declarations in force, or null when not known (no config server answered). */
    public String commit() {
        return declarations.commit();
    }

    /**
     * Places every declaration on its device, members from the registry now, each with its version and the gateway's
     * canary split of its application.
     */
    public Placement place() {
        Declarations now = declarations;
        VipSettings current = now.settings();
        List<DesiredVip> desired = new ArrayList<>();
        Map<String, String> unplaced = new java.util.LinkedHashMap<>();
        Map<String, CanarySplit> splits = current.vips().isEmpty() ? Map.of() : canaries.splits();
        for (VipDeclaration vip : current.vips()) {
            List<String> addresses;
            List<String> members = new ArrayList<>();
            Map<String, String> versions = new java.util.LinkedHashMap<>();
            try {
                Set<String> hosts = new LinkedHashSet<>();
                for (ServiceInstance instance : discoveryClient.getInstances(vip.application())) {
                    if (instance instanceof EurekaServiceInstance eureka
                            && eureka.getInstanceInfo().getStatus() != InstanceInfo.InstanceStatus.UP) {
                        continue;
                    }
                    hosts.add(instance.getHost());
                    int port = vip.memberPort() != null ? vip.memberPort() : instance.getPort();
                    String member = new MemberAddress(instance.getHost(), port).toString();
                    members.add(member);
                    String version = instance.getMetadata() == null ? null : instance.getMetadata().get(VERSION_KEY);
                    if (version != null) {
                        versions.put(member, version);
                    }
                }
                addresses = List.copyOf(hosts);
            }
            catch (RuntimeException e) {
                unplaced.put(vip.name(), "registry lookup of '" + vip.application() + "' failed: " + e);
                continue;
            }
            DeviceSelection.Choice choice = DeviceSelection.select(vip, addresses, current.devices());
            if (!choice.chosen()) {
                unplaced.put(vip.name(), choice.refusal());
                continue;
            }
            DeviceNetworks device = current.devices().get(choice.device());
            String partition = DeviceSelection.partition(vip, device);
            desired.add(new DesiredVip(new VipKey(choice.device(), partition, vip.name()),
                    new VipSpec(vip.address(), vip.port(), vip.protocol(), vip.persistence(), vip.health()),
                    vip.application(), vip.memberPort(), members.stream().sorted().toList(), now.commit(), versions,
                    splits.get(vip.application().toLowerCase(java.util.Locale.ROOT))));
        }
        return new Placement(desired, unplaced, now.commit());
    }
}

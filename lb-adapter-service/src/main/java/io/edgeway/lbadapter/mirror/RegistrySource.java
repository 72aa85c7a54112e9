package io.edgeway.lbadapter.mirror;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.discovery.EurekaClient;
import io.edgeway.lbadapter.config.InstanceLimitsProperties;
import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DesiredState;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.security.AddressAllowList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.netflix.eureka.EurekaServiceInstance;
import org.springframework.stereotype.Component;

/**
 * Reads the desired state from the registry: for every mapped pool, the UP instances of its application at an IP inside
 * its allowed networks, weighted from metadata up to its cap ({@link InstanceLimitsProperties}). The registry counts
 * as unavailable when a lookup fails or when the Eureka client has not fetched it for
 * {@code registry-stale-after}: the client then serves its last copy, which may be arbitrarily old.
 */
@Component
public class RegistrySource {

    private static final Logger log = LoggerFactory.getLogger(RegistrySource.class);

    /** Bounds the memory of instances already logged: ids and addresses come from whoever registers. */
    private static final int MAX_LOGGED = 1024;

    private final DiscoveryClient discoveryClient;

    private final ObjectProvider<EurekaClient> eurekaClient;

    private final LbAdapterProperties properties;

    private final InstanceLimitsProperties limits;

    private final Map<String, AddressAllowList> networks = new ConcurrentHashMap<>();

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    RegistrySource(DiscoveryClient discoveryClient, ObjectProvider<EurekaClient> eurekaClient,
            LbAdapterProperties properties, InstanceLimitsProperties limits) {
        this.discoveryClient = discoveryClient;
        this.eurekaClient = eurekaClient;
        this.properties = properties;
        this.limits = limits;
    }

    public DesiredState desired() {
        boolean available = registryFresh();
        Map<PoolKey, List<DesiredMember>> pools = new LinkedHashMap<>();
        for (LbAdapterProperties.Mapping mapping : properties.mappings()) {
            List<DesiredMember> members = pools.computeIfAbsent(
                    new PoolKey(mapping.device(), mapping.partition(), mapping.pool()), k -> new ArrayList<>());
            try {
                for (ServiceInstance instance : discoveryClient.getInstances(mapping.application())) {
                    DesiredMember member = member(mapping, instance);
                    if (member != null) {
                        members.add(member);
                    }
                }
            }
            catch (RuntimeException e) {
                log.warn("Registry lookup of {} failed: {}", mapping.application(), e.toString());
                available = false;
            }
        }
        pools.values().forEach(members -> members.sort(Comparator.comparing(DesiredMember::address)));
        return new DesiredState(available, pools);
    }

    private boolean registryFresh() {
        if (!(target(eurekaClient.getIfAvailable()) instanceof com.netflix.discovery.DiscoveryClient eureka)) {
            return true;
        }
        long sinceFetch = eureka.getLastSuccessfulRegistryFetchTimePeriod();
        Duration staleAfter = properties.reconcile().registryStaleAfter();
        if (sinceFetch < 0 || sinceFetch > staleAfter.toMillis()) {
            log.warn("Eureka registry not fetched for {} ms: removals held until it is", sinceFetch);
            return false;
        }
        return true;
    }

    /** The Eureka client behind its refresh-scope proxy, which hides the fetch time. */
    private static Object target(Object bean) {
        if (bean instanceof Advised advised) {
            try {
                return advised.getTargetSource().getTarget();
            }
            catch (Exception e) {
                return bean;
            }
        }
        return bean;
    }

    private DesiredMember member(LbAdapterProperties.Mapping mapping, ServiceInstance instance) {
        if (instance instanceof EurekaServiceInstance eureka
                && eureka.getInstanceInfo().getStatus() != InstanceInfo.InstanceStatus.UP) {
            return null;
        }
        // Device pools take IP addresses only (a host name would need a DNS answer the device may not share), and
        // only inside the application's networks.
        String host = instance.getHost();
        AddressAllowList allowed = networks.computeIfAbsent(mapping.application(), limits::networksOf);
        if (!allowed.allows(host)) {
            refused(mapping, instance, allowed);
            return null;
        }
        int port = mapping.port() != null ? mapping.port() : instance.getPort();
        return new DesiredMember(new MemberAddress(host, port), weight(mapping, instance), instance.getInstanceId());
    }

    private void refused(LbAdapterProperties.Mapping mapping, ServiceInstance instance, AddressAllowList allowed) {
        if (logged.size() >= MAX_LOGGED) {
            logged.clear();
        }
        if (logged.add(mapping.application() + "/" + instance.getInstanceId() + "@" + instance.getHost())) {
            log.warn("{} instance {} at {} is not an IP address inside the allowed networks {}: not mirrored",
                    mapping.application(), instance.getInstanceId(), instance.getHost(), allowed);
        }
    }

    private int weight(LbAdapterProperties.Mapping mapping, ServiceInstance instance) {
        String value = instance.getMetadata() == null ? null : instance.getMetadata().get(mapping.weightMetadataKey());
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Math.min(limits.maxWeightOf(mapping.application()), Integer.parseInt(value.trim())));
        }
        catch (NumberFormatException e) {
            return 1;
        }
    }
}

package io.edgeway.gateway.loadbalancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.edgeway.gateway.settings.InstanceNetworksProperties;
import io.edgeway.security.AddressAllowList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out of the list the load balancer picks from every instance whose address is not an IP inside its service's
 * allowed networks ({@link InstanceNetworksProperties}). Unlike the outlier filter it never falls back to the whole
 * list: a service whose instances are all outside gets no request at all.
 */
public final class AllowedNetworksFilter extends DelegatingServiceInstanceListSupplier {

    private static final Logger log = LoggerFactory.getLogger(AllowedNetworksFilter.class);

    /** Bounds the memory of instances already logged: ids and addresses come from whoever registers. */
    private static final int MAX_LOGGED = 1024;

    private final Supplier<InstanceNetworksProperties> settings;

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    private volatile Compiled compiled;

    public AllowedNetworksFilter(ServiceInstanceListSupplier delegate, Supplier<InstanceNetworksProperties> settings) {
        super(delegate);
        this.settings = settings;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(this::allowed);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(this::allowed);
    }

    List<ServiceInstance> allowed(List<ServiceInstance> instances) {
        Compiled networks = networks();
        List<ServiceInstance> kept = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            if (networks.allows(instance.getHost())) {
                kept.add(instance);
            }
            else {
                refused(instance, networks.networks());
            }
        }
        return kept.size() == instances.size() ? instances : kept;
    }

    private void refused(ServiceInstance instance, AddressAllowList networks) {
        String key = instance.getInstanceId() + "@" + instance.getHost();
        if (logged.size() >= MAX_LOGGED) {
            logged.clear();
        }
        if (logged.add(key)) {
            log.warn("{} instance {} at {} is outside the allowed networks {}: it gets no request", getServiceId(),
                    instance.getInstanceId(), instance.getHost(), networks);
        }
    }

    /** The allow-list of this service, made again only when the settings change. */
    private Compiled networks() {
        InstanceNetworksProperties current = settings.get();
        Compiled last = compiled;
        if (last == null || last.source() != current) {
            last = new Compiled(current, current.allowListOf(getServiceId()), new ConcurrentHashMap<>());
            compiled = last;
        }
        return last;
    }

    /**
     * The allow-list under one set of settings, and its verdict on each instance address seen: every request asks
     * about every instance, and parsing an address each time cost CPU.
     */
    private record Compiled(InstanceNetworksProperties source, AddressAllowList networks, Map<String, Boolean> verdicts) {

        boolean allows(String host) {
            if (host == null) {
                return networks.allows(null);
            }
            Boolean verdict = verdicts.get(host);
            if (verdict == null) {
                if (verdicts.size() >= MAX_LOGGED) {
                    verdicts.clear(); // addresses come from whoever registers: bounded
                }
                verdict = networks.allows(host);
                verdicts.put(host, verdict);
            }
            return verdict;
        }
    }
}

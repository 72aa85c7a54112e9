package io.edgeway.lbadapter.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.config.LoadBalancers;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.VirtualServer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/virtual-servers}: every virtual server of every device, read now; a device that fails says why. */
@RestController
class VirtualServerController {

    /** The virtual servers read, and the devices that could not be read. */
    record VirtualServersView(List<VirtualServer> virtualServers, Map<String, String> errors) {
    }

    private final LoadBalancers loadBalancers;

    private final LbAdapterProperties properties;

    VirtualServerController(LoadBalancers loadBalancers, LbAdapterProperties properties) {
        this.loadBalancers = loadBalancers;
        this.properties = properties;
    }

    @GetMapping("/api/virtual-servers")
    VirtualServersView virtualServers() {
        List<VirtualServer> all = new ArrayList<>();
        Map<String, String> errors = new TreeMap<>();
        loadBalancers.byName().forEach((name, device) -> {
            try {
                all.addAll(device.virtualServers(properties.devices().get(name).partitions()));
            }
            catch (DeviceException e) {
                errors.put(name, e.getMessage());
            }
        });
        return new VirtualServersView(all, errors);
    }
}

package io.edgeway.lbadapter.mirror;

import java.util.Comparator;
import java.util.List;

import io.edgeway.lbadapter.config.LbAdapterProperties;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.stereotype.Component;

/** Reads the registry: the UP instances of every mirrored application. */
@Component
public class MirrorCandidates {

    private final DiscoveryClient discoveryClient;

    private final LbAdapterProperties properties;

    MirrorCandidates(DiscoveryClient discoveryClient, LbAdapterProperties properties) {
        this.discoveryClient = discoveryClient;
        this.properties = properties;
    }

    public List<MirroredInstance> list() {
        return properties.mirroredApplications().stream()
                .flatMap(app -> discoveryClient.getInstances(app).stream()
                        .map(i -> new MirroredInstance(app, i.getInstanceId(), i.getHost(), i.getPort(), i.getMetadata())))
                .sorted(Comparator.comparing(MirroredInstance::application).thenComparing(MirroredInstance::instanceId))
                .toList();
    }
}

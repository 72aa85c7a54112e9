package io.edgeway.lbadapter.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the load-balancer adapter, under {@value #PREFIX}.
 *
 * @param mirroredApplications the Eureka applications whose instances are mirrored into load-balancer pools
 */
@ConfigurationProperties(LbAdapterProperties.PREFIX)
public record LbAdapterProperties(List<String> mirroredApplications) {

    public static final String PREFIX = "lb-adapter";

    public LbAdapterProperties {
        mirroredApplications = mirroredApplications == null ? List.of() : List.copyOf(mirroredApplications);
    }
}

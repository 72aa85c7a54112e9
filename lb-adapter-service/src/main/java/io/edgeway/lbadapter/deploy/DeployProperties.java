package io.edgeway.lbadapter.deploy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rolling-deploy waits (docs/rolling-deploy.md).
 *
 * @param username           the login sent to instances' L7 switch and gateways' actuator
 * @param password           its password (none: the calls are refused, and the deploy says so)
 * @param l7CheckPath        the instances' L7 check and switch, on their traffic port
 * @param gatewayApplication the registry's name of the gateways to ask
 * @param pollInterval       the pause between two rounds of questions
 * @param requestTimeout     how long one question may take
 * @param maxTimeout         the longest wait a caller may ask for
 */
@ConfigurationProperties(DeployProperties.PREFIX)
public record DeployProperties(String username, String password,
        @DefaultValue("/monitor/l7check") String l7CheckPath, @DefaultValue("edge-gateway") String gatewayApplication,
        @DefaultValue("250ms") Duration pollInterval, @DefaultValue("2s") Duration requestTimeout,
        @DefaultValue("10m") Duration maxTimeout) {

    public static final String PREFIX = "edgeway.lb-adapter.deploy";
}

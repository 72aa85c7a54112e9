package io.edgeway.lb.rules;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The monitor of a VIP's members: an HTTP GET of one path.
 *
 * @param httpGet  the path probed on each member
 * @param interval how often each member is probed
 * @param timeout  how long one probe may take before it fails
 */
public record HealthCheck(String httpGet, @DefaultValue("5s") Duration interval, @DefaultValue("2s") Duration timeout) {
}

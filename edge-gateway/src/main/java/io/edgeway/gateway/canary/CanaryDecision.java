package io.edgeway.gateway.canary;

/**
 * The version a request was assigned to, kept in an exchange attribute for the load balancer.
 *
 * @param routeId the route whose rule decided
 * @param version the version to send the request to
 * @param fallback the version to use if {@code version} has no instance (the route's other version)
 * @param by what decided: {@code key}, {@code random} or {@code override}
 */
public record CanaryDecision(String routeId, String version, String fallback, String by) {

    /** Exchange attribute holding the decision. */
    public static final String ATTRIBUTE = CanaryDecision.class.getName();
}

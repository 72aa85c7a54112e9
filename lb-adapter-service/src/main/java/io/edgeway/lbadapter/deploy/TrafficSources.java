package io.edgeway.lbadapter.deploy;

import java.util.List;

/**
 * Everything that can send an instance traffic, asked about that instance: the gateways (each one's balancer) and
 * the device pools the instance is mapped into. Implementations ask now, never from a cache, and report a party
 * that does not answer as a check that is not done.
 */
public interface TrafficSources {

    /** One check per party: done when it no longer sends the instance new requests and has none in flight to it. */
    List<Check> stoppedSending(DeployTarget target);

    /**
     * One check per party: done when it sends the instance traffic again. {@code baseline} is what
     * {@link #served(DeployTarget)} said before the instance started; a gateway whose count grew has seen an answer.
     */
    List<Check> sending(DeployTarget target, long baseline);

    /** The answers the instance gave through all gateways together (a counter that only grows). */
    long served(DeployTarget target);

    /** Sends one request through every gateway, so that a new instance gets one even without other traffic. */
    void probe(String path);
}

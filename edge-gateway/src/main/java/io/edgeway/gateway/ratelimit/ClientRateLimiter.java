package io.edgeway.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Token buckets of one route, one per client; where they live is up to the implementation. */
public interface ClientRateLimiter {

    /** Takes one token of this client's bucket; never fails (a store that cannot answer fails open). */
    Mono<RateLimitDecision> tryAcquire(String client);
}

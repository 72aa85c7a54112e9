package io.edgeway.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets in Redis, shared by every gateway on it: one atomic Lua script per request (sent as EVALSHA), one
 * hash per route and client that expires once it would be full again. A Lua script rather than Bucket4j's Lettuce
 * module: one round trip, no extra dependency, and Redis's clock for every gateway.
 *
 * <p>While {@link RedisAvailability} says Redis is down, and for any call that fails or outlasts
 * {@code edgeway.gateway.rate-limit.redis.timeout}, the request passes unlimited (fail open).
 */
public final class RedisClientRateLimiter implements ClientRateLimiter {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TOKEN_BUCKET = RedisScript
            .of(new ClassPathResource("io/edgeway/gateway/ratelimit/token-bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;

    private final RedisAvailability availability;

    private final String keyPrefix;

    private final Duration timeout;

    private final List<String> args;

    public RedisClientRateLimiter(ReactiveStringRedisTemplate redis, RedisAvailability availability, String keyPrefix,
            Duration timeout, TokenBucketLimit limit) {
        this.redis = redis;
        this.availability = availability;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.args = List.of(Long.toString(limit.burst()), Long.toString(limit.requests()),
                Long.toString(Math.max(1, limit.period().toMillis())));
    }

    /**
     * Runs the script once in the background, on a key no client has (keys are never blank): the first call
     * connects and loads the script, which takes longer than a request may wait, so without this the first
     * limited request would find Redis "down". A failure marks Redis down like any failed call.
     */
    public void warmUp() {
        redis.execute(TOKEN_BUCKET, List.of(keyPrefix + ":"), args).next().timeout(availability.probeInterval())
                .subscribe(reply -> {
                }, availability::onFailure);
    }

    @Override
    public Mono<RateLimitDecision> tryAcquire(String client) {
        if (!availability.isAvailable()) {
            return Mono.just(RateLimitDecision.failedOpen());
        }
        return redis.execute(TOKEN_BUCKET, List.of(keyPrefix + ":" + client), args).next()
                .timeout(timeout)
                .map(RedisClientRateLimiter::decision)
                .onErrorResume(error -> {
                    availability.onFailure(error);
                    return Mono.just(RateLimitDecision.failedOpen());
                });
    }

    private static RateLimitDecision decision(List<?> reply) {
        long allowed = ((Number) reply.get(0)).longValue();
        return allowed == 1 ? RateLimitDecision.allowed(((Number) reply.get(1)).longValue())
                : RateLimitDecision.limited(Duration.ofMillis(((Number) reply.get(2)).longValue()));
    }
}

package io.edgeway.gateway.ratelimit;

import io.edgeway.gateway.settings.RateLimitProperties;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Makes each {@code RateLimit} route's buckets in the store {@code edgeway.gateway.rate-limit.store} names. Routes
 * are rebuilt on every config change, so a changed store applies to the next request.
 */
public final class ClientRateLimiters {

    private final LiveProperties<RateLimitProperties> properties;

    private final ObjectProvider<ReactiveStringRedisTemplate> redis;

    private final ObjectProvider<RedisAvailability> availability;

    public ClientRateLimiters(LiveProperties<RateLimitProperties> properties,
            ObjectProvider<ReactiveStringRedisTemplate> redis, ObjectProvider<RedisAvailability> availability) {
        this.properties = properties;
        this.redis = redis;
        this.availability = availability;
    }

    public ClientRateLimiter create(String routeId, TokenBucketLimit limit) {
        RateLimitProperties settings = properties.get();
        if (settings.store() == RateLimitProperties.Store.LOCAL) {
            return new LocalClientRateLimiter(limit);
        }
        RedisClientRateLimiter shared = new RedisClientRateLimiter(redis.getObject(), availability.getObject(),
                settings.redis().keyPrefix() + ":" + routeId, settings.redis().timeout(), limit);
        shared.warmUp();
        return shared;
    }
}

package io.edgeway.lbadapter.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.edgeway.lbadapter.leader.LeaderStatus;
import io.edgeway.lbadapter.leader.RedisLeadership;
import io.edgeway.lbadapter.leader.SoleReplica;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * Elects the replica that writes: through a Redis lock when {@code edgeway.lb-adapter.leader.redis} is on, else
 * this one.
 */
@Configuration(proxyBeanMethods = false)
class LeaderConfig {

    @Bean
    @ConditionalOnBooleanProperty(name = LbAdapterProperties.PREFIX + ".leader.redis", havingValue = false,
            matchIfMissing = true)
    LeaderStatus soleReplica(LbAdapterProperties properties) {
        return new SoleReplica(replicaId(properties.leader()));
    }

    /** Elects through a Redis lock. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(LbAdapterProperties.PREFIX + ".leader.redis")
    static class RedisElection {

        @Bean(destroyMethod = "destroy")
        RedisLockRegistry leaderLocks(RedisConnectionFactory redis, LbAdapterProperties properties) {
            // The registry's Redis key: unchanged when the settings prefix changed, so replicas of both versions
            // still compete for one lock during a rolling upgrade.
            return new RedisLockRegistry(redis, "lb-adapter", properties.leader().lockTtl());
        }

        @Bean
        RedisLeadership leaderStatus(RedisLockRegistry leaderLocks, LbAdapterProperties properties) {
            LbAdapterProperties.Leader leader = properties.leader();
            return new RedisLeadership(replicaId(leader), leader.lockKey(), leaderLocks);
        }

        @Bean
        LockRegistryLeaderInitiator leaderInitiator(RedisLockRegistry leaderLocks, RedisLeadership leaderStatus,
                LbAdapterProperties properties) {
            LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(leaderLocks, leaderStatus);
            initiator.setHeartBeatMillis(properties.leader().heartbeat().toMillis());
            // Each try waits this long for the lock: short, so that a stop is not held up by it.
            initiator.setBusyWaitMillis(Math.min(200, properties.leader().heartbeat().toMillis()));
            return initiator;
        }
    }

    private static String replicaId(LbAdapterProperties.Leader leader) {
        if (leader.replicaId() != null && !leader.replicaId().isBlank()) {
            return leader.replicaId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}

package io.edgeway.lbadapter.leader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.redis.util.RedisLockRegistry;

/**
 * Leadership through a lock in Redis, taken and renewed by Spring Integration's {@code LockRegistryLeaderInitiator}
 * with this candidate. Before each batch of writes, {@link #confirm()} renews the lock in Redis itself: the renewal
 * succeeds only while the key still holds this replica's id, so a replica that lost Redis or the lock stops writing
 * at once, and a confirmed batch has the lock's whole time-to-live to finish before another replica can take it.
 */
public final class RedisLeadership extends DefaultCandidate implements LeaderStatus {

    private static final Logger log = LoggerFactory.getLogger(RedisLeadership.class);

    private final RedisLockRegistry locks;

    private volatile boolean leader;

    /**
     * @param replicaId this replica's name
     * @param lockKey   the lock every replica competes for
     * @param locks     the registry the lock lives in
     */
    public RedisLeadership(String replicaId, String lockKey, RedisLockRegistry locks) {
        super(replicaId, lockKey);
        this.locks = locks;
    }

    @Override
    public String replicaId() {
        return getId();
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public boolean confirm() {
        if (!leader) {
            return false;
        }
        try {
            locks.renewLock(getRole());
            return true;
        }
        catch (RuntimeException e) {
            // Redis unreachable, or the key expired and another replica holds it: no more writes from here.
            log.warn("{}: leadership not confirmed, not writing: {}", getId(), e.toString());
            leader = false;
            return false;
        }
    }

    @Override
    public void onGranted(Context context) {
        leader = true;
        log.info("{}: leads; writes to the devices", getId());
    }

    @Override
    public void onRevoked(Context context) {
        leader = false;
        log.info("{}: no longer leads; stops writing", getId());
    }
}

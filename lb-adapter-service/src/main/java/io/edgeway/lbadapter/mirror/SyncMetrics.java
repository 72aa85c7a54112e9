package io.edgeway.lbadapter.mirror;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.Hold;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.PoolOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Per pool, from the reports of applied reconcile cycles: how long a pool took to equal the registry again after
 * the adapter saw it differ ({@code edgeway.lbadapter.sync.lag}), whether the last cycle left it equal, its members
 * draining and those a guard or an operator holds back.
 *
 * <p>The lag starts with the first cycle that planned an add, enable or drain for the pool, or could not read or
 * write it, and ends with the first cycle after it that read the pool and applied every change: a device that is
 * down stretches it, cycle after cycle. A delete does not start it: it ends a drain, it is no registry change.
 */
@Component
class SyncMetrics implements ReconcileListener {

    private static final Duration[] LAG_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5) };

    private final MeterRegistry meters;

    private final Clock clock;

    private final Map<PoolKey, PoolSync> pools = new ConcurrentHashMap<>();

    SyncMetrics(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void cycleApplied(CycleReport report) {
        Instant end = clock.instant();
        for (PoolOutcome outcome : report.pools()) {
            pools.computeIfAbsent(outcome.pool(), this::register).update(outcome, report.at(), end);
        }
    }

    private PoolSync register(PoolKey pool) {
        Tags tags = Tags.of("device", pool.device(), "partition", pool.partition(), "pool", pool.pool());
        PoolSync sync = new PoolSync(Timer.builder("edgeway.lbadapter.sync.lag").tags(tags)
                .serviceLevelObjectives(LAG_BUCKETS)
                .description("From a registry change the adapter saw to the pool equal to the registry again")
                .register(meters));
        Gauge.builder("edgeway.lbadapter.pool.converged", sync, s -> s.converged ? 1 : 0).tags(tags)
                .description("1 if the last cycle left the pool equal to the registry").register(meters);
        Gauge.builder("edgeway.lbadapter.drains", sync, s -> s.draining).tags(tags)
                .description("Members draining or drained and not yet deleted, as read in the last cycle").register(meters);
        Gauge.builder("edgeway.lbadapter.holds", sync, s -> s.held).tags(tags)
                .description("Members whose change a guard or an operator held back in the last cycle")
                .register(meters);
        return sync;
    }

    /** One pool's state between cycles; written on the loop's thread only. */
    private static final class PoolSync {

        private final Timer lag;

        private Instant pendingSince;

        private volatile boolean converged;

        private volatile int draining;

        private volatile int held;

        PoolSync(Timer lag) {
            this.lag = lag;
        }

        void update(PoolOutcome outcome, Instant cycleStart, Instant cycleEnd) {
            boolean differed = outcome.readError() != null || !outcome.failed().isEmpty()
                    || outcome.plan().changes().stream().anyMatch(change -> change.action() != Change.Action.DELETE);
            if (differed && pendingSince == null) {
                pendingSince = cycleStart;
            }
            converged = outcome.ok();
            if (converged && pendingSince != null) {
                lag.record(Duration.between(pendingSince, cycleEnd));
                pendingSince = null;
            }
            draining = (int) outcome.observed().stream().filter(m -> m.state() != MemberState.ENABLED).count();
            held = outcome.plan().holds().stream().mapToInt(Hold::members).sum();
        }
    }
}

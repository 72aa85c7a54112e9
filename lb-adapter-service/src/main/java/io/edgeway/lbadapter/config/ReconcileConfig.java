package io.edgeway.lbadapter.config;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgeway.lbadapter.leader.LeaderStatus;
import io.edgeway.lbadapter.reconcile.OperatorHolds;
import io.edgeway.lbadapter.reconcile.ReconcileCycle;
import io.edgeway.lbadapter.reconcile.ReconcilePolicy;
import io.edgeway.lbadapter.reconcile.WriteJournal;
import io.edgeway.lbadapter.vip.VipCycle;
import io.edgeway.lbadapter.vip.VipJournal;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the framework-free reconcile core: the device drivers, the policy and the cycle, which writes as leader and
 * journals its writes in the audit log; and the VIP pass over the same drivers.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    LoadBalancers loadBalancers(LbAdapterProperties properties, Clock clock, MeterRegistry meters) {
        return new LoadBalancers(properties.devices(), clock, meters);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService reconcileExecutor(LbAdapterProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.reconcile().parallelism(), r -> {
            Thread thread = new Thread(r, "lb-pool-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    ReconcileCycle reconcileCycle(LoadBalancers loadBalancers, LbAdapterProperties properties,
            ExecutorService reconcileExecutor, Clock clock, LeaderStatus leaderStatus, OperatorHolds operatorHolds,
            WriteJournal writeJournal) {
        LbAdapterProperties.Reconcile reconcile = properties.reconcile();
        return new ReconcileCycle(loadBalancers.byName(),
                new ReconcilePolicy(reconcile.drainGracePeriod(), reconcile.maxRemovalShare()), reconcileExecutor, clock,
                reconcile.batchWrites(), leaderStatus, operatorHolds, writeJournal);
    }

    @Bean
    VipCycle vipCycle(LoadBalancers loadBalancers, LbAdapterProperties properties, Clock clock,
            LeaderStatus leaderStatus, VipJournal vipJournal) {
        return new VipCycle(loadBalancers.byName(), properties.reconcile().drainGracePeriod(), clock, leaderStatus,
                vipJournal);
    }
}

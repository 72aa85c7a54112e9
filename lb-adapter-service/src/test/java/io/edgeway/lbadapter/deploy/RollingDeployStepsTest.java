package io.edgeway.lbadapter.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RollingDeployStepsTest {

    private static final DeployTarget OLD = new DeployTarget("svc", "10.0.0.1:svc:8081", "10.0.0.1", 8081);

    private final AtomicLong nanos = new AtomicLong();

    private final Poller poller = new Poller(Duration.ofMillis(250), nanos::get, d -> nanos.addAndGet(d.toNanos()));

    private final List<String> calls = new ArrayList<>();

    private final FakeTraffic traffic = new FakeTraffic();

    private List<DeployTarget> registered = List.of(OLD);

    private final InstanceSwitch instanceSwitch = target -> calls.add("down " + target.address());

    private final RollingDeploySteps steps = new RollingDeploySteps(app -> registered, instanceSwitch, traffic, poller);

    @Test
    void drainSwitchesTheInstanceDownThenWaitsUntilEveryPartyStopped() {
        traffic.stoppedAfterRounds = 3;

        WaitResult result = steps.drain(OLD, Duration.ofSeconds(10));

        assertThat(calls).containsExactly("down 10.0.0.1:8081");
        assertThat(result.done()).isTrue();
        assertThat(result.polls()).isEqualTo(4);
        assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void drainReportsWhatStillSendsWhenTheDeadlinePasses() {
        traffic.stoppedAfterRounds = Integer.MAX_VALUE;

        WaitResult result = steps.drain(OLD, Duration.ofSeconds(2));

        assertThat(result.done()).isFalse();
        assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(result.pending()).contains("gateway a").contains("inFlight=1");
    }

    @Test
    void drainDoesNotWaitWhenTheInstanceRefusesToSwitch() {
        RollingDeploySteps refusing = new RollingDeploySteps(app -> registered, target -> {
            throw new InstanceSwitch.SwitchRefusedException("401");
        }, traffic, poller);

        assertThatExceptionOfType(InstanceSwitch.SwitchRefusedException.class)
                .isThrownBy(() -> refusing.drain(OLD, Duration.ofSeconds(2)));
        assertThat(traffic.rounds).hasValue(0);
    }

    @Test
    void readyWaitsForRegistrationThenForAnAnswerAfterTheBaseline() {
        AtomicInteger lookups = new AtomicInteger();
        RollingDeploySteps steps = new RollingDeploySteps(
                app -> lookups.incrementAndGet() > 2 ? List.of(OLD) : List.of(), instanceSwitch, traffic, poller);
        traffic.servedTotal.set(40); // the old instance's answers: the same id goes on counting
        traffic.answerOnSendingCall = 3;

        WaitResult result = steps.awaitReady("svc", "10.0.0.1", 8081, Duration.ofSeconds(10), "/probe");

        assertThat(result.done()).isTrue();
        assertThat(result.polls()).isEqualTo(5);
        assertThat(traffic.probes).hasValue(3);
        assertThat(result.checks()).anyMatch(c -> c.source().equals("registry") && c.done());
    }

    @Test
    void readyTimesOutWhenTheInstanceNeverRegisters() {
        registered = List.of();

        WaitResult result = steps.awaitReady("svc", "10.0.0.1", 8081, Duration.ofSeconds(3), null);

        assertThat(result.done()).isFalse();
        assertThat(result.pending()).contains("10.0.0.1:8081 is not UP");
    }

    @Test
    void findsAnInstanceByIdOrByAddress() {
        assertThat(steps.find("svc", "10.0.0.1:svc:8081", null, null)).contains(OLD);
        assertThat(steps.find("svc", null, "10.0.0.1", 8081)).contains(OLD);
        assertThat(steps.find("svc", null, "10.0.0.1", 8082)).isEmpty();
    }

    private final class FakeTraffic implements TrafficSources {

        int stoppedAfterRounds;

        final AtomicInteger rounds = new AtomicInteger();

        final AtomicInteger probes = new AtomicInteger();

        final AtomicLong servedTotal = new AtomicLong();

        int answerOnSendingCall = Integer.MAX_VALUE;

        int sendingCalls;

        @Override
        public List<Check> stoppedSending(DeployTarget target) {
            int round = rounds.incrementAndGet();
            boolean stopped = round > stoppedAfterRounds;
            return List.of(new Check("gateway a", stopped, stopped ? "inFlight=0" : "inFlight=1"),
                    new Check("f5/Common/pool", true, "DRAINING"));
        }

        @Override
        public List<Check> sending(DeployTarget target, long baseline) {
            if (++sendingCalls == answerOnSendingCall) {
                servedTotal.incrementAndGet();
            }
            return List.of(new Check("answered", servedTotal.get() > baseline, "served"));
        }

        @Override
        public long served(DeployTarget target) {
            return servedTotal.get();
        }

        @Override
        public void probe(String path) {
            probes.incrementAndGet();
        }
    }
}

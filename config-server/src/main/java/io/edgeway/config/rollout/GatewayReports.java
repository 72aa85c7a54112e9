package io.edgeway.config.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.edgeway.gateway.rollout.GatewayReport;
import io.edgeway.gateway.rollout.StepCounts;
import io.edgeway.gateway.rollout.StepEvidence;
import io.edgeway.gateway.rollout.VersionCounts;

/**
 * The last report of every gateway, and the fleet's evidence of a step made from them: each gateway's counts of the
 * step added up. A gateway silent longer than {@code silentAfter} (or not yet at the step) leaves a gap that holds
 * the rollout; one silent longer than {@code forgetAfter} is forgotten, as Eureka evicts an instance.
 */
final class GatewayReports {

    private record Received(GatewayReport report, Instant at) {
    }

    private final Map<String, Received> latest = new ConcurrentHashMap<>();

    private final Duration silentAfter;

    private final Duration forgetAfter;

    GatewayReports(Duration silentAfter, Duration forgetAfter) {
        this.silentAfter = silentAfter;
        this.forgetAfter = forgetAfter;
    }

    void receive(GatewayReport report, Instant now) {
        latest.put(report.gateway(), new Received(report, now));
    }

    /** The fleet's counts of one route's step, and what is missing from them. */
    StepEvidence evidence(String route, String stepId, String stable, String canary, Instant now) {
        latest.values().removeIf(received -> Duration.between(received.at(), now).compareTo(forgetAfter) > 0);
        if (latest.isEmpty()) {
            return StepEvidence.missing("no gateway has reported");
        }
        VersionCounts stableCounts = VersionCounts.NONE;
        VersionCounts canaryCounts = VersionCounts.NONE;
        List<String> gaps = new ArrayList<>();
        for (Map.Entry<String, Received> entry : new TreeMap<>(latest).entrySet()) {
            Duration silent = Duration.between(entry.getValue().at(), now);
            StepCounts counts = entry.getValue().report().routes().get(route);
            if (counts != null && counts.stepId().equals(stepId)) {
                stableCounts = stableCounts.plus(counts.of(stable));
                canaryCounts = canaryCounts.plus(counts.of(canary));
            }
            if (silent.compareTo(silentAfter) > 0) {
                gaps.add("gateway " + entry.getKey() + " silent for " + silent.toSeconds() + " s");
            }
            else if (counts == null || !counts.stepId().equals(stepId)) {
                gaps.add("gateway " + entry.getKey() + " is not at this step yet");
            }
        }
        return new StepEvidence(stableCounts, canaryCounts, gaps.isEmpty() ? null : String.join(", ", gaps));
    }

    /** Gateways heard from, with the age of their last report. */
    Map<String, Duration> gateways(Instant now) {
        Map<String, Duration> ages = new TreeMap<>();
        latest.forEach((gateway, received) -> ages.put(gateway, Duration.between(received.at(), now)));
        return ages;
    }
}

package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.DoublePredicate;

/**
 * What the canary benchmark's poller saw of one route's weight in force on each gateway ({@code /actuator/canary},
 * every ~50 ms), and when a change of it reached the gateways: the first poll of each gateway that shows it, and the
 * last poll before that which did not (the gateway changed somewhere in between).
 */
final class WeightPolls {

    /**
     * One poll: gateway index, when it was sent and when its answer came ({@link System#nanoTime()}), the weight in
     * force (NaN: no answer, or the gateway does not run the route yet). The gateway read its weight in between.
     */
    record Poll(int gateway, long sentNanos, long receivedNanos, double weight) {
    }

    private final int gateways;

    private final List<Poll> polls = new ArrayList<>();

    WeightPolls(int gateways) {
        this.gateways = gateways;
    }

    synchronized void add(Poll poll) {
        polls.add(poll);
    }

    /**
     * When each gateway's first poll sent at or after {@code from} whose weight matches was answered;
     * {@code Long.MAX_VALUE}: none yet.
     */
    synchronized long[] firstMatching(DoublePredicate weight, long from) {
        long[] first = new long[gateways];
        java.util.Arrays.fill(first, Long.MAX_VALUE);
        for (Poll poll : polls) {
            if (poll.sentNanos() >= from && !Double.isNaN(poll.weight()) && weight.test(poll.weight())) {
                first[poll.gateway()] = Math.min(first[poll.gateway()], poll.receivedNanos());
            }
        }
        return first;
    }

    /** When every gateway had been seen matching (the last of their first matching polls), if all have. */
    OptionalLong allMatched(DoublePredicate weight, long from) {
        long latest = Long.MIN_VALUE;
        for (long first : firstMatching(weight, from)) {
            if (first == Long.MAX_VALUE) {
                return OptionalLong.empty();
            }
            latest = Math.max(latest, first);
        }
        return OptionalLong.of(latest);
    }

    /**
     * For each gateway, when the last poll answered before its first matching one was sent ({@code from} if none;
     * {@code Long.MAX_VALUE} if it never matched): until then the gateway surely ran the old weight.
     */
    synchronized long[] lastBeforeMatching(DoublePredicate weight, long from) {
        long[] first = firstMatching(weight, from);
        long[] last = new long[gateways];
        for (int g = 0; g < gateways; g++) {
            last[g] = first[g] == Long.MAX_VALUE ? Long.MAX_VALUE : from;
        }
        for (Poll poll : polls) {
            int g = poll.gateway();
            if (poll.sentNanos() >= from && poll.receivedNanos() < first[g] && !Double.isNaN(poll.weight())) {
                last[g] = Math.max(last[g], poll.sentNanos());
            }
        }
        return last;
    }

    /** The largest weight any gateway was seen at in {@code [from, to)}; NaN with no answer. */
    synchronized double maxWeight(long from, long to) {
        double max = Double.NaN;
        for (Poll poll : polls) {
            if (poll.sentNanos() >= from && poll.sentNanos() < to && !Double.isNaN(poll.weight())) {
                max = Double.isNaN(max) ? poll.weight() : Math.max(max, poll.weight());
            }
        }
        return max;
    }

    /** The polls kept so far, for the raw data. */
    synchronized List<Poll> all() {
        return new ArrayList<>(polls);
    }
}

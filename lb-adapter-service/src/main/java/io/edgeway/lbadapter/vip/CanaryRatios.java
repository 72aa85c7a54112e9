package io.edgeway.lbadapter.vip;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Integer member ratios (F5) or weights (NetScaler) that give a canary version the share of a pool's traffic its
 * split says, as closely as the member counts and the devices' range (1 to 100) allow: with {@code s} stable members
 * at ratio {@code a} and {@code c} canary members at ratio {@code b}, the canary's share is {@code c·b / (c·b + s·a)}.
 * The smallest pair that comes closest wins, so that equal splits give equal ratios. 0 % drains the canary members
 * and 100 % the stable ones (ratio 0); with no member of one version, the other takes everything at ratio 1, as the
 * gateway then sends every request to the version that has instances. Members of neither version count as stable.
 * Pure: no I/O.
 */
public final class CanaryRatios {

    /** The devices' largest ratio (F5) and weight (NetScaler). */
    static final int MAX = 100;

    private CanaryRatios() {
    }

    /**
     * @param versions every member ({@code ip:port}) with its version (null when it has none)
     * @param split    the split to follow
     * @return every member's ratio, 0 for a member to drain
     */
    public static Map<String, Integer> ratios(Map<String, String> versions, CanarySplit split) {
        int canaries = (int) versions.values().stream().filter(split.canary()::equals).count();
        int stables = versions.size() - canaries;
        int[] pair = pair(stables, canaries, split.weight());
        Map<String, Integer> ratios = new LinkedHashMap<>();
        versions.forEach((member, version) -> ratios.put(member, split.canary().equals(version) ? pair[1] : pair[0]));
        return ratios;
    }

    /** {@code {stable ratio, canary ratio}} for these member counts and canary weight in %. */
    static int[] pair(int stables, int canaries, double weight) {
        if (stables == 0 || canaries == 0) {
            return new int[] { 1, 1 };
        }
        if (weight <= 0) {
            return new int[] { 1, 0 };
        }
        if (weight >= 100) {
            return new int[] { 0, 1 };
        }
        double wanted = weight / 100;
        int[] best = { 1, 1 };
        double bestError = Double.MAX_VALUE;
        for (int sum = 2; sum <= 2 * MAX; sum++) {
            for (int stable = Math.max(1, sum - MAX); stable <= Math.min(MAX, sum - 1); stable++) {
                int canary = sum - stable;
                double share = (double) canaries * canary / ((double) canaries * canary + (double) stables * stable);
                double error = Math.abs(share - wanted);
                // Only a clearly better pair replaces a smaller one: rounding noise must not pick larger ratios.
                if (error < bestError - 1e-12) {
                    bestError = error;
                    best = new int[] { stable, canary };
                }
            }
        }
        return best;
    }

    /** A weight as people write it: {@code 10}, {@code 12.5}. */
    static String percent(double weight) {
        return weight == Math.rint(weight) ? String.valueOf((long) weight) : String.valueOf(weight);
    }
}

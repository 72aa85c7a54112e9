package io.edgeway.lbadapter.vip;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CanaryRatiosTest {

    @Test
    void givesTwoStableAndOneCanaryTheSmallestRatiosThatMakeTenPercent() {
        Map<String, Integer> ratios = CanaryRatios.ratios(members(2, 1), split(10));

        assertThat(ratios).containsExactly(Map.entry("10.0.0.1:80", 9), Map.entry("10.0.0.2:80", 9),
                Map.entry("10.0.1.1:80", 2));
        assertThat(canaryShare(ratios)).isEqualTo(0.10);
    }

    @Test
    void givesEqualRatiosForAnEvenSplitOfEqualCounts() {
        assertThat(CanaryRatios.pair(2, 2, 50)).containsExactly(1, 1);
    }

    @Test
    void drainsTheCanaryAtZeroPercent() {
        Map<String, Integer> ratios = CanaryRatios.ratios(members(2, 1), split(0));

        assertThat(ratios).containsEntry("10.0.1.1:80", 0).containsEntry("10.0.0.1:80", 1)
                .containsEntry("10.0.0.2:80", 1);
    }

    @Test
    void drainsTheStableMembersAtAHundredPercent() {
        Map<String, Integer> ratios = CanaryRatios.ratios(members(2, 1), split(100));

        assertThat(ratios).containsEntry("10.0.1.1:80", 1).containsEntry("10.0.0.1:80", 0)
                .containsEntry("10.0.0.2:80", 0);
    }

    @Test
    void keepsEveryMemberAtOneWithoutACanaryInstance() {
        assertThat(CanaryRatios.ratios(members(3, 0), split(30)).values()).containsOnly(1);
        assertThat(CanaryRatios.ratios(members(3, 0), split(100)).values()).containsOnly(1);
    }

    @Test
    void keepsEveryMemberAtOneWithoutAStableInstance() {
        assertThat(CanaryRatios.ratios(members(0, 2), split(10)).values()).containsOnly(1);
        assertThat(CanaryRatios.ratios(members(0, 2), split(0)).values()).containsOnly(1);
    }

    @Test
    void comesAsCloseAsTheDeviceRangeAllowsWithManyMembers() {
        Map<String, Integer> ratios = CanaryRatios.ratios(members(40, 3), split(5));

        assertThat(ratios.values()).allMatch(r -> r >= 1 && r <= 100);
        assertThat(canaryShare(ratios)).isCloseTo(0.05, within(0.0005));
    }

    @Test
    void givesAMinuteWeightTheSmallestShareItCan() {
        Map<String, Integer> ratios = CanaryRatios.ratios(members(50, 1), split(0.01));

        assertThat(ratios.get("10.0.1.1:80")).isEqualTo(1);
        assertThat(ratios.get("10.0.0.1:80")).isEqualTo(100);
    }

    @Test
    void countsMembersOfNeitherVersionAsStable() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("10.0.0.1:80", "v1");
        versions.put("10.0.0.2:80", null);
        versions.put("10.0.1.1:80", "v2");

        Map<String, Integer> ratios = CanaryRatios.ratios(versions, split(10));

        assertThat(ratios.get("10.0.0.2:80")).isEqualTo(ratios.get("10.0.0.1:80"));
        assertThat(canaryShare(ratios)).isEqualTo(0.10);
    }

    private static CanarySplit split(double weight) {
        return new CanarySplit("api", "v1", "v2", weight, "commit abc");
    }

    /** {@code stable} members 10.0.0.x (v1) then {@code canary} members 10.0.1.x (v2). */
    private static Map<String, String> members(int stable, int canary) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (int i = 1; i <= stable; i++) {
            versions.put("10.0.0." + i + ":80", "v1");
        }
        for (int i = 1; i <= canary; i++) {
            versions.put("10.0.1." + i + ":80", "v2");
        }
        return versions;
    }

    private static double canaryShare(Map<String, Integer> ratios) {
        double canary = ratios.entrySet().stream().filter(e -> e.getKey().startsWith("10.0.1."))
                .mapToInt(Map.Entry::getValue).sum();
        return canary / ratios.values().stream().mapToInt(Integer::intValue).sum();
    }
}

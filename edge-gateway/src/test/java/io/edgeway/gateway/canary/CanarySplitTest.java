package io.edgeway.gateway.canary;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanarySplitTest {

    private static final int KEYS = 20_000;

    private final List<String> users = IntStream.range(0, KEYS).mapToObj(i -> "user-" + i).toList();

    @Test
    void splitsKeysWithinStatisticalBounds() {
        for (double weight : new double[] { 0.5, 5, 10, 33.33, 50, 90 }) {
            CanarySplit split = new CanarySplit("v1", "v2", weight, "route");
            double share = users.stream().filter(u -> split.versionFor(u).equals("v2")).count() / (double) KEYS;

            assertThat(share).as("weight %s", weight).isCloseTo(weight / 100, fourSigma(weight / 100));
        }
    }

    @Test
    void sendsEveryRequestOfAKeyToTheSameVersion() {
        CanarySplit split = new CanarySplit("v1", "v2", 50, "route");
        for (String user : users.subList(0, 1000)) {
            String first = split.versionFor(user);

            assertThat(IntStream.range(0, 20).mapToObj(i -> split.versionFor(user))).containsOnly(first);
        }
    }

    @Test
    void raisingTheWeightOnlyAddsUsersToTheCanary() {
        Set<String> atFive = canaryUsers(5);
        Set<String> atTen = canaryUsers(10);
        Set<String> atTenAndAHalf = canaryUsers(10.5);

        assertThat(atTen).containsAll(atFive).hasSizeGreaterThan(atFive.size());
        assertThat(atTenAndAHalf).containsAll(atTen).hasSizeGreaterThan(atTen.size());
    }

    @Test
    void zeroSendsNobodyAndHundredSendsEverybody() {
        assertThat(canaryUsers(0)).isEmpty();
        assertThat(canaryUsers(100)).hasSize(KEYS);
    }

    @Test
    void fractionsOfAPercentCount() {
        assertThat(new CanarySplit("v1", "v2", 0.25, "r").canaryBuckets()).isEqualTo(25);
        assertThat(canaryUsers(0.25).size() / (double) KEYS).isCloseTo(0.0025, fourSigma(0.0025));
    }

    @Test
    void keylessRequestsAreSplitAtRandomWithTheSameOdds() {
        CanarySplit split = new CanarySplit("v1", "v2", 20, "route");
        double share = IntStream.range(0, KEYS).filter(i -> split.randomVersion().equals("v2")).count() / (double) KEYS;

        assertThat(share).isCloseTo(0.20, fourSigma(0.20));
    }

    @Test
    void saltsSplitTheSameUsersIndependently() {
        Set<String> a = users.stream().filter(u -> new CanarySplit("v1", "v2", 50, "a").versionFor(u).equals("v2"))
                .collect(Collectors.toSet());
        long alsoInB = a.stream().filter(u -> new CanarySplit("v1", "v2", 50, "b").versionFor(u).equals("v2")).count();

        assertThat(alsoInB / (double) a.size()).isCloseTo(0.5, fourSigma(0.5));
    }

    private Set<String> canaryUsers(double weight) {
        CanarySplit split = new CanarySplit("v1", "v2", weight, "route");
        return users.stream().filter(u -> split.versionFor(u).equals("v2")).collect(Collectors.toSet());
    }

    /** Four standard deviations of a binomial share p over {@value #KEYS} draws: fails about once in 15,000 runs. */
    private static org.assertj.core.data.Offset<Double> fourSigma(double p) {
        return org.assertj.core.data.Offset.offset(4 * Math.sqrt(p * (1 - p) / KEYS));
    }
}

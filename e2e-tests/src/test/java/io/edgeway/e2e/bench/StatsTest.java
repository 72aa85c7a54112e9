package io.edgeway.e2e.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void noValuesHaveNoMedianNorRange() {
        assertThat(Stats.median()).isNaN();
        assertThat(Stats.range(new double[0], "%.0f")).isEqualTo("-");
        assertThat(Stats.format(Stats.median(), "%.0f")).isEqualTo("n/a");
    }

    @Test
    void percentileIsTheNearestRank() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 20 - i;
        }
        assertThat(Stats.percentile(twenty, 0.5)).isEqualTo(10);
        assertThat(Stats.percentile(twenty, 0.95)).isEqualTo(19);
        assertThat(Stats.percentile(twenty, 1.0)).isEqualTo(20);
        assertThat(Stats.nearestRank(3, 0.0)).isEqualTo(1);
    }

    @Test
    void rangeIsMinToMax() {
        assertThat(Stats.range(new double[] { 1365.7, 1290.2, 1401.9 }, "%.0f")).isEqualTo("1290–1402");
        assertThat(Stats.range(new double[] { 2.5, 1.25 }, null)).isEqualTo("1.25–2.5");
    }

    @Test
    void ratioHasTwoDecimalsAndNoneWithoutADivisor() {
        assertThat(Stats.ratio(1365.7, 9612.3)).isEqualTo("0.14");
        assertThat(Stats.ratio(1, 0)).isEqualTo("n/a");
        assertThat(Stats.ratio(Double.NaN, 2)).isEqualTo("n/a");
    }

    @Test
    void plainNumbersKeepSixDigitsWithoutTrailingZeros() {
        assertThat(Stats.plain(2.99)).isEqualTo("2.99");
        assertThat(Stats.plain(12.0)).isEqualTo("12");
        assertThat(Stats.plain(1.0 / 3)).isEqualTo("0.333333");
    }

    @Test
    void onlyNumbersCount() {
        assertThat(Stats.numbers(java.util.List.of("1", "-", "missed", "2.5", "", "n/a"))).containsExactly(1, 2.5);
    }
}

package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TsvFileTest {

    private final TsvFile rounds = TsvFile.parse(List.of("round\tpath\treq_s\tcpu_flag", "1\tdirect\t9612.3\t",
            "1\tgateway\t1365.7\t*", "2\tgateway\t1290.2\t", "2\tdirect\t-\t"));

    @Test
    void selectsRowsByColumnValue() {
        assertThat(rounds.where("path", "gateway").column("req_s")).containsExactly("1365.7", "1290.2");
        assertThat(rounds.where(List.of("path=gateway", "round=2")).column("req_s")).containsExactly("1290.2");
    }

    @Test
    void numbersLeaveOutCellsThatAreNotNumbers() {
        assertThat(rounds.where("path", "direct").numbers("req_s")).containsExactly(9612.3);
    }

    @Test
    void sumsPerGroupInOrderOfFirstAppearance() {
        assertThat(rounds.sumsBy("round", "req_s")).containsExactly(java.util.Map.entry("1", 10978.0),
                java.util.Map.entry("2", 1290.2));
    }

    @Test
    void aGroupWithoutNumbersHasNoSum() {
        TsvFile refusals = TsvFile.parse(List.of("round\trefused_p99_ms", "1\tnan", "1\tnan", "2\t3.5", "2\tnan"));

        assertThat(refusals.sumsBy("round", "refused_p99_ms").get("1")).isNaN();
        assertThat(refusals.sumsBy("round", "refused_p99_ms").get("2")).isEqualTo(3.5);
    }

    @Test
    void anUnknownColumnIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> rounds.column("p99")).withMessageContaining("p99");
    }
}

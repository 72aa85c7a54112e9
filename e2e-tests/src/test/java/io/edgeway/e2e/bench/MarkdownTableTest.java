package io.edgeway.e2e.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MarkdownTableTest {

    @Test
    void alignsTextLeftAndFiguresRight() {
        String table = new MarkdownTable().text("path").figure("req/s").row("direct", 9612).row("gateway", 1366).toString();

        assertThat(table).isEqualTo("""
                | path | req/s |
                | --- | ---: |
                | direct | 9612 |
                | gateway | 1366 |
                """);
    }

    @Test
    void rowsAloneForAHeaderWrittenElsewhere() {
        assertThat(new MarkdownTable().row("1", "14848").rows()).isEqualTo("| 1 | 14848 |\n");
    }

    @Test
    void aRowMustFillTheColumns() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkdownTable().text("a").figure("b").row("only"));
    }
}

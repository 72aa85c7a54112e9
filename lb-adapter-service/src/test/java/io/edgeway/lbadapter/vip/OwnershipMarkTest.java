package io.edgeway.lbadapter.vip;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipMarkTest {

    @Test
    void namesTheCommitThatDeclaredTheVip() {
        String mark = OwnershipMark.of("shop", "c0ffee01") + " protocol=http";

        assertThat(mark).isEqualTo("edgeway:vip shop commit=c0ffee01 protocol=http");
        assertThat(OwnershipMark.isOwned(mark)).isTrue();
        assertThat(OwnershipMark.nameOf(mark)).isEqualTo("shop");
        assertThat(OwnershipMark.commitOf(mark)).isEqualTo("c0ffee01");
    }

    @Test
    void recognisesMarksWrittenBeforeTheyNamedTheCommit() {
        assertThat(OwnershipMark.isOwned("edgeway:vip shop protocol=http")).isTrue();
        assertThat(OwnershipMark.nameOf("edgeway:vip shop protocol=http")).isEqualTo("shop");
        assertThat(OwnershipMark.commitOf("edgeway:vip shop protocol=http")).isNull();
        assertThat(OwnershipMark.commitOf("edgeway:vip shop")).isNull();
        assertThat(OwnershipMark.of("shop", null)).isEqualTo("edgeway:vip shop");
    }

    @Test
    void handMadeNotesCarryNoCommit() {
        assertThat(OwnershipMark.commitOf("made by ops commit=123")).isNull();
        assertThat(OwnershipMark.commitOf(null)).isNull();
    }
}

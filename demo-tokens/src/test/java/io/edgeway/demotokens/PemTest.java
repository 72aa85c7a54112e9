package io.edgeway.demotokens;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PemTest {

    @Test
    void decodesWhatItEncodes() {
        byte[] der = new byte[300];
        Arrays.fill(der, (byte) 0xA5);

        assertThat(Pem.decode(Pem.encode("PUBLIC KEY", der))).isEqualTo(der);
    }

    @Test
    void writesTheTypeLinesAndBase64In64CharacterLines() {
        String pem = Pem.encode("PRIVATE KEY", new byte[100]);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().skip(1).limit(2)).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(64));
        assertThat(pem.lines().skip(1).findFirst()).hasValueSatisfying(line -> assertThat(line).hasSize(64));
    }
}

package io.edgeway.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256PasswordEncoderTest {

    private final Sha256PasswordEncoder encoder = new Sha256PasswordEncoder();

    @Test
    void keepsTheSha256DigestOfTheSecret() {
        // sha256("abc"), FIPS 180-2 test vector
        assertThat(encoder.encode("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void acceptsTheSecret() {
        assertThat(encoder.matches("s3cret", encoder.encode("s3cret"))).isTrue();
    }

    @Test
    void refusesAnotherSecret() {
        assertThat(encoder.matches("s3cret!", encoder.encode("s3cret"))).isFalse();
        assertThat(encoder.matches("", encoder.encode("s3cret"))).isFalse();
    }

    @Test
    void refusesWhatIsNotADigest() {
        assertThat(encoder.matches("s3cret", "s3cret")).isFalse();
        assertThat(encoder.matches("s3cret", "{noop}s3cret")).isFalse();
        assertThat(encoder.matches("s3cret", null)).isFalse();
        assertThat(encoder.matches(null, encoder.encode("s3cret"))).isFalse();
    }

    @Test
    void neverAsksForAnUpgrade() {
        assertThat(encoder.upgradeEncoding(encoder.encode("s3cret"))).isFalse();
    }
}

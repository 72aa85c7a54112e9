package io.edgeway.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AddressAllowListTest {

    private final AddressAllowList privateNetworks = AddressAllowList.of(AddressAllowList.PRIVATE_NETWORKS);

    @Test
    void allowsLoopbackAndPrivateAddresses() {
        assertThat(List.of("127.0.0.1", "127.0.0.2", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.10", "fd12:3456::1", "[::1]", "::ffff:10.0.0.1")).allMatch(privateNetworks::allows);
    }

    @Test
    void refusesPublicLinkLocalAndMetadataAddresses() {
        assertThat(List.of("8.8.8.8", "172.32.0.1", "169.254.169.254", "::ffff:169.254.169.254", "fe80::1",
                "2001:db8::1", "0.0.0.0", "192.0.2.10")).noneMatch(privateNetworks::allows);
    }

    @Test
    void neverResolvesAHostName() {
        assertThat(List.of("localhost", "example.com", "deadbeef", "10.0.0.1.nip.io", "010.0.0.1", "", "1.2.3"))
                .noneMatch(privateNetworks::allows);
        assertThat(privateNetworks.allows(null)).isFalse();
    }

    @Test
    void matchesPrefixesBitByBit() {
        AddressAllowList list = AddressAllowList.of(List.of("10.20.30.0/23", "2001:db8:ab00::/40", "192.0.2.7"));
        assertThat(list.allows("10.20.31.255")).isTrue();
        assertThat(list.allows("10.20.32.0")).isFalse();
        assertThat(list.allows("2001:db8:abff::1")).isTrue();
        assertThat(list.allows("2001:db8:ac00::1")).isFalse();
        assertThat(list.allows("192.0.2.7")).isTrue();
        assertThat(list.allows("192.0.2.8")).isFalse();
    }

    @Test
    void refusesWhatIsNotACidrRangeNamingEveryOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressAllowList.of(List.of("10.0.0.0/33", "intranet",
                "10.0.0.0/8", "::1/129"))).withMessageContaining("'10.0.0.0/33'").withMessageContaining("'intranet'")
                .withMessageContaining("'::1/129'");
    }
}

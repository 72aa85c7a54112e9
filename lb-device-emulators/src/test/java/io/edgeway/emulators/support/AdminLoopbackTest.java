package io.edgeway.emulators.support;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.emulators.support.Http.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An emulator bound to every address ({@code EDGEWAY_BIND=0.0.0.0}) serves its device API on all of them, but its
 * admin endpoint only to requests that arrive on loopback: a request sent to this host's own non-loopback address
 * (what {@code hostname -I} lists) reaches the device API and is refused the knobs.
 */
class AdminLoopbackTest {

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults(), "0.0.0.0", 0)
            .addPool("Common", "web", null).addMember("Common", "web", "10.0.0.1:80");

    private final NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults(), "0.0.0.0", 0);

    @AfterEach
    void stop() {
        f5.close();
        nitro.close();
    }

    @Test
    void refusesEveryAdminEndpointButHealthToARequestArrivingOnANonLoopbackAddress() {
        String address = nonLoopbackAddress().orElse(null);
        assumeTrue(address != null, "this host has no non-loopback IPv4 address to send a request to");
        Http outside = new Http(URI.create("http://" + address + ":" + f5.uri().getPort()));

        Reply faults = outside.send("PUT", "/emulator/faults", Map.of("errorStatus", 503, "errorEvery", 1));
        Reply members = outside.send("PUT", "/emulator/members",
                Map.of("pool", "/Common/web", "member", "10.0.0.1:80", "connections", 3));
        Reply kill = outside.send("POST", "/emulator/sessions/kill", null);

        for (Reply refused : new Reply[] { faults, members, kill, outside.get("/emulator/faults"),
                outside.get("/emulator/stats"), outside.send("DELETE", "/emulator/faults", null) }) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("message").asString()).contains("answers only on loopback");
        }
        assertThat(outside.get("/emulator/health").status()).isEqualTo(200);
        // Nothing changed, and the device API itself answers on that address as bound.
        Http loopback = new Http(URI.create("http://127.0.0.1:" + f5.uri().getPort()));
        assertThat(loopback.get("/emulator/faults").json().path("errorEvery").asInt()).isZero();
        assertThat(f5.member("Common", "web", "10.0.0.1:80").orElseThrow().connections()).isZero();
        assertThat(outside.send("POST", "/mgmt/shared/authn/login", Map.of("username", F5Settings.DEMO_USER,
                "password", F5Settings.DEMO_PASSWORD, "loginProviderName", "tmos")).status()).isEqualTo(200);

        Http nitroOutside = new Http(URI.create("http://" + address + ":" + nitro.uri().getPort()));
        assertThat(nitroOutside.send("PUT", "/emulator/faults", Map.of("errorStatus", 503, "errorEvery", 1)).status())
                .isEqualTo(403);
    }

    @Test
    void servesTheAdminEndpointOnLoopback() {
        Http loopback = new Http(URI.create("http://127.0.0.1:" + f5.uri().getPort()));

        assertThat(loopback.send("PUT", "/emulator/faults", Map.of("errorStatus", 503, "errorNext", 1)).status())
                .isEqualTo(200);
        assertThat(loopback.send("PUT", "/emulator/members",
                Map.of("pool", "/Common/web", "member", "10.0.0.1:80", "connections", 3)).status()).isEqualTo(200);
        assertThat(f5.member("Common", "web", "10.0.0.1:80").orElseThrow().connections()).isEqualTo(3);
    }

    /** An up, non-loopback IPv4 address of this host, as {@code hostname -I} would list it. */
    private static Optional<String> nonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces().filter(AdminLoopbackTest::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress).findFirst();
        }
        catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean up(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        }
        catch (SocketException e) {
            return false;
        }
    }
}

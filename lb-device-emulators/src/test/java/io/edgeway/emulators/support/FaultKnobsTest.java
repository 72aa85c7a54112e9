package io.edgeway.emulators.support;

import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.emulators.support.Http.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every fault knob, through the Java API and through the admin endpoint. */
class FaultKnobsTest {

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults());

    private final Http http = new Http(f5.uri());

    private final String basic = Http.basic(F5Settings.DEMO_USER, F5Settings.DEMO_PASSWORD);

    @AfterEach
    void stop() {
        f5.close();
    }

    @Test
    void failsTheNextRequestsWithMcpdLost() {
        f5.faults(FaultSettings.none().withErrorNext(500, 2));

        Reply first = pools();

        assertThat(first.status()).isEqualTo(500);
        assertThat(first.json().path("message").asString()).isEqualTo("The connection to mcpd has been lost, try again.");
        assertThat(pools().status()).isEqualTo(500);
        assertThat(pools().status()).isEqualTo(200);
    }

    @Test
    void failsEveryNthRequestWith503Restarting() {
        f5.faults(FaultSettings.none().withErrorEvery(503, 3));

        assertThat(pools().status()).isEqualTo(200);
        assertThat(pools().status()).isEqualTo(200);
        Reply third = pools();
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.text()).contains("Configuration Utility restarting...");
    }

    @Test
    void slowsEveryResponseDown() {
        f5.faults(FaultSettings.none().withDelay(Duration.ofMillis(300)));

        long start = System.nanoTime();
        assertThat(pools().status()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void holdsAHungRequestBeyondTheClientsTimeout() {
        f5.faults(FaultSettings.none().withHangNext(Duration.ofSeconds(2), 1));
        Http impatient = new Http(f5.uri()).timeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.get("/mgmt/tm/ltm/pool", "Authorization", basic))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(impatient.get("/mgmt/tm/ltm/pool", "Authorization", basic).status()).isEqualTo(200);
    }

    @Test
    void exhaustsF5TokensWithTokensHeldByOtherClients() {
        f5.faults(FaultSettings.none().withOccupiedSessions(100));

        Reply login = http.send("POST", "/mgmt/shared/authn/login",
                Map.of("username", F5Settings.DEMO_USER, "password", F5Settings.DEMO_PASSWORD));

        assertThat(login.status()).isEqualTo(400);
        assertThat(login.json().path("message").asString()).contains("maximum active login tokens");
    }

    @Test
    void exhaustsNitroSessionsWithSessionsHeldByOtherClients() {
        try (NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults())) {
            nitro.faults(FaultSettings.none().withOccupiedSessions(20));

            Reply login = new Http(nitro.uri()).send("POST", "/nitro/v1/config/login", Map.of("login",
                    Map.of("username", NitroSettings.DEMO_USER, "password", NitroSettings.DEMO_PASSWORD)));

            assertThat(login.json().path("errorcode").asInt()).isEqualTo(446);
        }
    }

    @Test
    void setsAndClearsFaultsThroughTheAdminEndpoint() {
        Reply set = http.send("PUT", "/emulator/faults", Map.of("errorStatus", 503, "errorNext", 1));

        assertThat(set.status()).isEqualTo(200);
        assertThat(pools().status()).isEqualTo(503);
        f5.faults(FaultSettings.none().withErrorEvery(500, 1));
        assertThat(http.send("DELETE", "/emulator/faults", null).status()).isEqualTo(200);
        assertThat(pools().status()).isEqualTo(200);
    }

    @Test
    void leavesTheAdminEndpointOutOfTheFaults() {
        f5.faults(FaultSettings.none().withErrorEvery(500, 1));

        assertThat(http.get("/emulator/stats").status()).isEqualTo(200);
        assertThat(http.get("/emulator/health").json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void rejectsAnUnsupportedErrorStatus() {
        Reply reply = http.send("PUT", "/emulator/faults", Map.of("errorStatus", 418, "errorEvery", 1));

        assertThat(reply.status()).isEqualTo(400);
    }

    private Reply pools() {
        return http.get("/mgmt/tm/ltm/pool", "Authorization", basic);
    }
}

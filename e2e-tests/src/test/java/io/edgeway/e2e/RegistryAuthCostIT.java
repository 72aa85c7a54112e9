package io.edgeway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Eureka call carries the password (each client renews and fetches every second), so checking it must cost
 * next to nothing: measured as the server process's CPU time per authenticated request, against a discovery-server
 * of its own with no other client. BCrypt (Spring Security's upgrade of Boot's default user) cost 57-99 ms a request
 * here; with the SHA-256 digest the whole request (Tomcat, security chain, Jersey, JSON) costs 0.7-1.3 ms with C1
 * only on a loaded 2-core machine, so the bound leaves room for noise and still catches any slow hash.
 */
class RegistryAuthCostIT {

    private static final String APP = "AUTH-COST-PROBE";

    private static final String INSTANCE = "auth-cost-probe-1";

    private static final String PASSWORD = "e2e-auth-cost-probe-secret";

    /** With C1 only (as every e2e service runs) a request's own cost settles after about a thousand. */
    private static final int WARM_UP_ROUNDS = 1000;

    private static final int MEASURED_ROUNDS = 250;

    /** Bounds each phase when requests are slow (BCrypt): the ratio needs a few hundred requests, not all. */
    private static final Duration PHASE_DEADLINE = Duration.ofSeconds(20);

    /** Rounds each phase does even past its deadline: enough clock ticks for a ratio. */
    private static final int MIN_ROUNDS = 50;

    /** 0.7-1.2 ms measured on a quiet machine (C1 only), 1.0-1.3 ms at load 40+; BCrypt cost 57-99 ms. */
    private static final double MAX_CPU_MS_PER_REQUEST = 2.0;

    private static ServiceProcess eureka;

    @BeforeAll
    static void startDiscoveryServer() {
        // The probe is a registrant of its own application that also reads, as a gateway is.
        eureka = ServiceProcess.start("discovery-server", "discovery-auth-cost", ServiceProcess.freePort(),
                Stack.discoveryEnv(), List.of("--edgeway.discovery.registrants." + APP + ".password=" + PASSWORD,
                        "--edgeway.discovery.registrants." + APP + ".reads-registry=true"));
        eureka.awaitHealthy(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopDiscoveryServer() {
        if (eureka != null) {
            eureka.close();
        }
    }

    @Test
    void anAuthenticatedRenewOrDeltaFetchCostsAFewMillisecondsOfServerCpuAtMost() {
        assertThat(register().status()).as("registration").isEqualTo(204);
        int warmUpRequests = 2 * roundsOfRenewAndDeltaFetch(WARM_UP_ROUNDS);

        long ticksBefore = cpuTicks(eureka.pid());
        int requests = 2 * roundsOfRenewAndDeltaFetch(MEASURED_ROUNDS);
        long ticks = cpuTicks(eureka.pid()) - ticksBefore;

        double cpuMsPerRequest = ticks * 1000.0 / clockTicksPerSecond() / requests;
        System.out.printf("discovery-server CPU per authenticated Eureka request: %.3f ms (%d ticks, %d requests, "
                + "after %d warm-up requests)%n", cpuMsPerRequest, ticks, requests, warmUpRequests);
        assertThat(cpuMsPerRequest).as("server CPU ms per authenticated request (%d ticks for %d requests)", ticks,
                requests).isLessThanOrEqualTo(MAX_CPU_MS_PER_REQUEST);
    }

    private static Http.Response register() {
        String instance = """
                {"instance": {"instanceId": "%s", "app": "%s", "hostName": "127.0.0.1", "ipAddr": "127.0.0.1",
                 "status": "UP", "port": {"$": 9, "@enabled": "true"}, "leaseInfo": {"durationInSecs": 90},
                 "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",
                 "name": "MyOwn"}}}""".formatted(INSTANCE, APP);
        return Http.send("POST", eureka.url("/eureka/apps/" + APP), instance, APP, PASSWORD);
    }

    /**
     * What each Eureka client does every second: a renew of its lease and a delta fetch of the registry; up to
     * {@code rounds} of them, or fewer if {@link #PHASE_DEADLINE} comes first. Returns the rounds done.
     */
    private static int roundsOfRenewAndDeltaFetch(int rounds) {
        String authorization = Http.basic(APP, PASSWORD);
        long deadline = System.nanoTime() + PHASE_DEADLINE.toNanos();
        int done = 0;
        for (; done < rounds && (done < MIN_ROUNDS || System.nanoTime() < deadline); done++) {
            Http.Response renew = Http.send(Http.request(eureka.url("/eureka/apps/" + APP + "/" + INSTANCE))
                    .header("Authorization", authorization).PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(renew.status()).as("renew").isEqualTo(200);
            Http.Response delta = Http.send(Http.request(eureka.url("/eureka/apps/delta"))
                    .header("Authorization", authorization).header("Accept", "application/json").GET());
            assertThat(delta.status()).as("delta fetch").isEqualTo(200);
        }
        return done;
    }

    /** User plus system CPU time of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        }
        catch (IOException | NumberFormatException ex) {
            return 100;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}

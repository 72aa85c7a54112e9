package io.edgeway.lbadapter.device.nitro;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.emulators.support.MutableClock;
import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.device.DeviceMeters;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The session pool on its own, against the NITRO emulator: which session a caller gets, and when it waits. */
class NitroSessionsTest {

    private final MutableClock clock = MutableClock.startingNow();

    private final NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withClock(clock)
            .withPartitions("p1", "p2", "p3"));

    @AfterEach
    void stop() {
        nitro.close();
    }

    @Test
    void prefersAnIdleSessionInThePartitionThenANewOneThenTheLeastRecentlyUsed() {
        NitroSessions sessions = sessions(2, Duration.ofSeconds(10));
        String first = token(sessions, "p1");
        String second = token(sessions, "p2");

        assertThat(second).isNotEqualTo(first);
        assertThat(token(sessions, "p1")).isEqualTo(first);
        assertThat(token(sessions, "p3")).isEqualTo(second);
        assertThat(sessions.logins()).isEqualTo(2);
    }

    @Test
    void reportsASessionLimitWhenEverySessionStaysBusyUntilTheTimeout() throws Exception {
        NitroSessions sessions = sessions(1, Duration.ofMillis(300));
        CountDownLatch lent = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> sessions.withSession("default", s -> {
            lent.countDown();
            waitFor(done);
            return null;
        }));
        try {
            assertThat(lent.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();

            assertThatThrownBy(() -> sessions.withSession("default", s -> null))
                    .isInstanceOfSatisfying(DeviceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DeviceException.Kind.SESSION_LIMIT);
                        assertThat(e.getMessage()).isEqualTo("ns: all 1 sessions stayed busy for 300 ms");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        finally {
            done.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void handsAReleasedSessionToTheCallerWaitingForIt() throws Exception {
        // Far longer than the waits below: the waiter must be woken by the release, not by its own timeout.
        NitroSessions sessions = sessions(1, Duration.ofSeconds(60));
        String held = token(sessions, "default");
        CountDownLatch lent = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> sessions.withSession("default", s -> {
            lent.countDown();
            waitFor(done);
            return s.token;
        }));
        assertThat(lent.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> waiting = new CompletableFuture<>();
        Thread waiter = new Thread(() -> waiting.complete(token(sessions, "default")));
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        done.countDown();

        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(held);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(held);
        assertThat(sessions.logins()).isEqualTo(1);
    }

    @Test
    void makesDoWithTheSessionsHeldForTenSecondsAfterTheApplianceRefusedALogin() {
        NitroSessions sessions = sessions(4, Duration.ofSeconds(10));
        String held = token(sessions, "p1");
        nitro.faults(FaultSettings.none().withOccupiedSessions(19));

        assertThat(token(sessions, "p2")).isEqualTo(held);
        nitro.faults(FaultSettings.none());
        long before = nitro.requests();
        assertThat(token(sessions, "p1")).isEqualTo(held);
        assertThat(nitro.requests() - before).as("only the switch, no login").isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));

        assertThat(token(sessions, "p2")).isNotEqualTo(held);
        assertThat(sessions.logins()).isEqualTo(2);
    }

    @Test
    void keepsASessionWhoseSwitchWasRefused() {
        NitroSessions sessions = sessions(1, Duration.ofSeconds(10));
        String held = token(sessions, "default");

        assertThatThrownBy(() -> token(sessions, "nowhere")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("errorcode 2755");

        assertThat(token(sessions, "default")).isEqualTo(held);
        assertThat(sessions.logins()).isEqualTo(1);
    }

    @Test
    void logsOutItsIdleSessionsWhenClosed() {
        NitroSessions sessions = sessions(2, Duration.ofSeconds(10));
        token(sessions, "p1");
        token(sessions, "p2");
        assertThat(nitro.liveSessions()).isEqualTo(2);

        sessions.close();

        assertThat(nitro.liveSessions()).isZero();
    }

    private NitroSessions sessions(int maxSessions, Duration acquireTimeout) {
        NitroDeviceSettings settings = new NitroDeviceSettings("ns", nitro.uri(), NitroSettings.DEMO_USER,
                NitroSettings.DEMO_PASSWORD, maxSessions, Duration.ofSeconds(3600), acquireTimeout,
                Duration.ofSeconds(1), TestDevices.REQUEST_TIMEOUT, TestDevices.FAST_RETRY);
        return new NitroSessions(settings, new DeviceHttp("ns", nitro.uri(), Duration.ofSeconds(1),
                TestDevices.REQUEST_TIMEOUT, new DeviceMeters(new SimpleMeterRegistry(), "netscaler", "ns")), clock);
    }

    /** The token of the session a call in this partition gets. */
    private static String token(NitroSessions sessions, String partition) {
        return sessions.withSession(partition, s -> s.token);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

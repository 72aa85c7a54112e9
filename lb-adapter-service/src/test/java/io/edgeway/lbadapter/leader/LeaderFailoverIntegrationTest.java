package io.edgeway.lbadapter.leader;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.lbadapter.LbAdapterApplication;
import io.edgeway.lbadapter.operator.MemberActions;
import io.edgeway.lbadapter.operator.NotLeaderException;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.support.AdapterProcess;
import io.edgeway.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas elect a leader through a real redis-server; each logs into the emulated F5 as its own user, so the
 * device's write journal shows who wrote when. Replica A runs in a JVM of its own, to be killed with SIGKILL.
 */
class LeaderFailoverIntegrationTest {

    private static final Duration LOCK_TTL = Duration.ofSeconds(6);

    private final RedisServer redis = new RedisServer();

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withUser("replica-a", "demo-a-secret", false)
            .withUser("replica-b", "demo-b-secret", false)).addPool("Common", "web", null);

    private final List<AutoCloseable> replicas = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable replica : replicas) {
            replica.close();
        }
        f5.close();
        redis.close();
    }

    @Test
    void theFollowerTakesOverWithinFifteenSecondsOfALeaderKillAndNoWriteIsRepeated() {
        AdapterProcess a = AdapterProcess.start(settings("replica-a"), Path.of("target", "replica-a.log"));
        replicas.add(a);
        await("replica A leads").atMost(Duration.ofSeconds(90)).until(() -> a.info().contains("\"leader\":true"));
        await().atMost(Duration.ofSeconds(10)).until(() -> f5.members("Common", "web").size() == 2);
        ConfigurableApplicationContext b = inProcess("replica-b");
        LeaderStatus bStatus = b.getBean(LeaderStatus.class);
        assertThat(bStatus.isLeader()).isFalse();
        assertThatThrownBy(() -> b.getBean(MemberActions.class).drain(new PoolKey("f5", "Common", "web"),
                new MemberAddress("10.1.0.1", 80), "alice")).isInstanceOf(NotLeaderException.class)
                .hasMessageContaining("replica-b does not lead");

        a.kill();
        long killed = System.nanoTime();
        addInstance(b, "10.1.0.3");

        await().atMost(Duration.ofSeconds(15)).until(() -> f5.members("Common", "web").size() == 3);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(15));
        assertThat(bStatus.isLeader()).isTrue();
        List<String> writers = f5.writes().stream().map(F5Emulator.Write::user).toList();
        assertThat(writers).contains("replica-a", "replica-b");
        assertThat(writers.subList(writers.indexOf("replica-b"), writers.size())).as("A never writes after B began")
                .containsOnly("replica-b");
        for (String ip : List.of("10.1.0.1", "10.1.0.2", "10.1.0.3")) {
            assertThat(f5.timesAdded("Common", "web", ip + ":80")).as(ip).isEqualTo(1);
        }
    }

    @Test
    void aLeaderThatLosesRedisStopsWritingAndLeadsAgainWhenItReturns() {
        ConfigurableApplicationContext b = inProcess("replica-b");
        LeaderStatus status = b.getBean(LeaderStatus.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> f5.members("Common", "web").size() == 2);

        redis.stop();
        await("leadership revoked").atMost(LOCK_TTL).until(() -> !status.isLeader());
        addInstance(b, "10.1.0.3");

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> f5.members("Common", "web").size() == 2);
        redis.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> f5.members("Common", "web").size() == 3);
        assertThat(status.isLeader()).isTrue();
        assertThat(f5.timesAdded("Common", "web", "10.1.0.3:80")).isEqualTo(1);
    }

    @Test
    void aLeaderWhoseLockIsStolenInTheMiddleOfABatchWritesNothingMore() {
        ConfigurableApplicationContext b = inProcess("replica-b",
                Map.of("edgeway.lb-adapter.reconcile.batch-writes", "false"));
        await().atMost(Duration.ofSeconds(20)).until(() -> f5.members("Common", "web").size() == 2);
        // A slow device: the batch of ten adds (one call each) takes seconds.
        f5.faults(FaultSettings.none().withDelay(Duration.ofMillis(300)));
        int before = memberWrites("replica-b");
        addInstances(b, IntStream.rangeClosed(10, 19).mapToObj(i -> "10.1.0." + i).toList());
        await("the batch started").atMost(Duration.ofSeconds(20)).until(() -> memberWrites("replica-b") > before);

        // What another replica does once the lock expired under a paused or partitioned leader: it takes the key.
        StringRedisTemplate redisClient = new StringRedisTemplate(b.getBean(RedisConnectionFactory.class));
        Set<String> keys = redisClient.keys("lb-adapter*");
        assertThat(keys).hasSize(1);
        redisClient.opsForValue().set(keys.iterator().next(), "replica-elsewhere");
        int atTheft = memberWrites("replica-b");

        // At most the one call already under way when the key changed hands lands after it.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> memberWrites("replica-b") <= atTheft + 1);
        assertThat(f5.members("Common", "web")).as("the batch stopped half-way").hasSizeLessThan(12);
        await("leadership given up").atMost(Duration.ofSeconds(10))
                .until(() -> !b.getBean(LeaderStatus.class).isLeader());
    }

    /** Adds and removals of pool members written by {@code user}. */
    private int memberWrites(String user) {
        return (int) f5.writes().stream().filter(w -> w.user().equals(user) && w.path().contains("/members")).count();
    }

    private Map<String, String> settings(String replica) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.cloud.config.enabled", "false");
        settings.put("eureka.client.enabled", "false");
        settings.put("spring.data.redis.url", redis.url());
        settings.put("management.endpoints.web.exposure.include", "health,info");
        settings.put("edgeway.lb-adapter.leader.redis", "true");
        settings.put("edgeway.lb-adapter.leader.replica-id", replica);
        settings.put("edgeway.lb-adapter.leader.lock-ttl", LOCK_TTL.toMillis() + "ms");
        settings.put("edgeway.lb-adapter.leader.heartbeat", "500ms");
        settings.put("edgeway.lb-adapter.reconcile.registry-poll-interval", "100ms");
        settings.put("edgeway.lb-adapter.reconcile.full-interval", "1s");
        settings.put("edgeway.lb-adapter.devices.f5.type", "F5");
        // Short device calls, so that a 6 s lock outlives the longest (2 x 2.5 s + 200 ms back-off).
        settings.put("edgeway.lb-adapter.devices.f5.connect-timeout", "500ms");
        settings.put("edgeway.lb-adapter.devices.f5.request-timeout", "2s");
        settings.put("edgeway.lb-adapter.devices.f5.retry.max-attempts", "2");
        settings.put("edgeway.lb-adapter.devices.f5.url", f5.uri().toString());
        settings.put("edgeway.lb-adapter.devices.f5.username", replica);
        settings.put("edgeway.lb-adapter.devices.f5.password", replica.equals("replica-a") ? "demo-a-secret" : "demo-b-secret");
        settings.put("edgeway.lb-adapter.mappings[0].application", "web");
        settings.put("edgeway.lb-adapter.mappings[0].device", "f5");
        settings.put("edgeway.lb-adapter.mappings[0].partition", "Common");
        settings.put("edgeway.lb-adapter.mappings[0].pool", "web");
        settings.put("spring.cloud.discovery.client.simple.instances.web[0].uri", "http://10.1.0.1:80");
        settings.put("spring.cloud.discovery.client.simple.instances.web[1].uri", "http://10.1.0.2:80");
        return settings;
    }

    private ConfigurableApplicationContext inProcess(String replica) {
        return inProcess(replica, Map.of());
    }

    private ConfigurableApplicationContext inProcess(String replica, Map<String, String> more) {
        // As arguments, not default properties, which application.yml would override.
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
        Map<String, String> all = settings(replica);
        all.putAll(more);
        all.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LbAdapterApplication.class)
                .run(arguments.toArray(String[]::new));
        replicas.add(context);
        return context;
    }

    private static void addInstance(ConfigurableApplicationContext replica, String ip) {
        addInstances(replica, List.of(ip));
    }

    /** Adds the instances in one registry change, so that one cycle plans them all. */
    private static void addInstances(ConfigurableApplicationContext replica, List<String> ips) {
        SimpleDiscoveryProperties registry = replica.getBean(SimpleDiscoveryProperties.class);
        List<InstanceProperties> instances = new ArrayList<>(registry.getInstances().get("web"));
        for (String ip : ips) {
            InstanceProperties added = new InstanceProperties();
            added.setServiceId("web");
            added.setUri(URI.create("http://" + ip + ":80"));
            instances.add(added);
        }
        registry.getInstances().put("web", instances);
    }
}

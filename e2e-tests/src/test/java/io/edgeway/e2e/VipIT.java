package io.edgeway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.edgeway.e2e.support.DeviceEmulators;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Declarative VIPs (issue 16): a VIP committed to git appears on the emulated device its instances' network picks,
 * with the registry's UP instances as members and its monitor; a new port changes it in place; removed from git it is
 * drained, then deleted with its pool and monitor. A hand-made VIP in the same partition is never touched, and a
 * commit that declares a conflicting address is refused with nothing written. The VIP's pool follows the gateway's
 * canary split of its application, from the same commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VipIT {

    private static final String ADAPTER_FILE = "lb-adapter-service.yml";

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    /** The weight line of the shipped api route's Canary (sample-backend v1 stable, v2 canary). */
    private static final String SHIPPED_WEIGHT = "                    weight: 10\n";

    private static final Duration START = Duration.ofMinutes(3);

    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private static final String F5_USER = "edgeway";

    // The emulator's demo login, as config-repo/lb-adapter-service.yml defaults it (demo profile only).
    private static final String F5_PASSWORD = "demo-f5-secret";

    private static final String VIEWER_PASSWORD = "e2e-viewer-secret";

    private static final String HAND_MADE = "/mgmt/tm/ltm/virtual/~Common~handmade_vs";

    private final Stack stack = Stack.shared();

    private final String original = stack.configRepo().read(ADAPTER_FILE);

    private DeviceEmulators devices;

    private ServiceProcess adapter;

    @BeforeAll
    void startAdapterAndDevices() {
        devices = new DeviceEmulators();
        // Made by hand in the partition the declared VIP lands in: it must stay as it is throughout.
        Http.Response made = f5("POST", "/mgmt/tm/ltm/virtual", "{\"name\":\"handmade_vs\",\"partition\":\"Common\","
                + "\"destination\":\"/Common/10.30.0.99:80\",\"ipProtocol\":\"tcp\",\"description\":\"by hand\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        Map<String, String> env = new HashMap<>(stack.clientEnv());
        // The emulators accept only their demo logins, which the adapter takes under the demo profile alone.
        env.put("SPRING_PROFILES_INCLUDE", "demo");
        env.put("LB_F5_URL", devices.f5Url());
        env.put("LB_NETSCALER_URL", devices.nitroUrl());
        env.put("LB_ADAPTER_VIEWER_PASSWORD", VIEWER_PASSWORD);
        env.put("LB_ADAPTER_DB_URL", "jdbc:h2:mem:vip;DB_CLOSE_DELAY=-1");
        List<String> args = new ArrayList<>(Stack.clientArgs());
        // A short drain, so that the removal's drain-then-delete fits in a test.
        args.add("--edgeway.lb-adapter.reconcile.drain-grace-period=6s");
        args.add("--edgeway.lb-adapter.reconcile.drain-check-interval=500ms");
        adapter = stack.track(ServiceProcess.start("lb-adapter-service", "lb-adapter-service-vip",
                ServiceProcess.freePort(), env, args));
        adapter.awaitHealthy(START);
    }

    @AfterAll
    void stopWhatTheTestStarted() {
        stack.configRepo().commit(ADAPTER_FILE, original, "Restore the adapter config");
        Stream.of(adapter).filter(Objects::nonNull).forEach(ServiceProcess::close);
        if (devices != null) {
            devices.close();
        }
    }

    @Test
    void committedVipIsCreatedChangedAndRemovedOnTheDeviceChosenByNetwork() {
        String handMade = f5("GET", HAND_MADE, null).body();
        List<Integer> ports = backendPorts();

        long committed = System.nanoTime();
        String declared = stack.configRepo().commit(ADAPTER_FILE, withVips(vip("shop", "10.30.0.50", 80)),
                "Declare VIP shop");
        publish(declared);
        await("VIP shop on the F5, its members and monitor").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                .until(() -> f5("GET", "/mgmt/tm/ltm/virtual/~Common~shop", null).body()
                        .contains("\"destination\":\"/Common/10.30.0.50:80\"") && memberPorts().equals(ports));
        long createdMillis = (System.nanoTime() - committed) / 1_000_000;
        System.out.println("VIP-IT: commit to VIP on the device (with members) took " + createdMillis + " ms");
        assertThat(Http.send("GET", adapter.managementUrl("/actuator/info"), null, null, null).body())
                .as("the commit the adapter runs").contains("\"commit\":\"" + declared + "\"");
        assertThat(f5("GET", "/mgmt/tm/ltm/pool/~Common~shop_pool", null).body())
                .contains("\"monitor\":\"/Common/shop_monitor\"").contains("edgeway:vip shop");
        assertThat(f5("GET", "/mgmt/tm/ltm/monitor/http/~Common~shop_monitor", null).body())
                .contains("GET /monitor/l7check").contains("\"interval\":5");
        assertThat(nitro("/nitro/v1/config/lbvserver").body()).as("not on the device whose networks do not hold "
                + "the instances").doesNotContain("\"shop\"");
        assertThat(f5("GET", "/mgmt/tm/ltm/virtual/~Common~shop", null).body()).as("the mark names the commit")
                .contains("edgeway:vip shop commit=" + declared);
        await("the VIP page's origins").atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                .until(() -> viewer("/api/vips").contains("\"name\":\"shop\",\"address\":\"10.30.0.50\",\"port\":80,"
                        + "\"origin\":\"DECLARED\",\"vip\":\"shop\",\"declaredBy\":\"" + declared + "\"")
                        && viewer("/api/vips").contains("\"name\":\"handmade_vs\",\"address\":\"10.30.0.99\","
                                + "\"port\":80,\"origin\":\"HAND_MADE\""));
        assertThat(viewer("/api/audit?vip=shop")).as("the create, audited with its commit")
                .contains("\"action\":\"VIP_CREATE\"").contains("\"outcome\":\"OK\"")
                .contains("\"commit\":\"" + declared + "\"");

        publish(stack.configRepo().commit(ADAPTER_FILE, withVips(vip("shop", "10.30.0.50", 8081)), "Move shop to 8081"));
        await("VIP shop on port 8081").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                .until(() -> f5("GET", "/mgmt/tm/ltm/virtual/~Common~shop", null).body()
                        .contains("\"destination\":\"/Common/10.30.0.50:8081\""));
        // The log line follows the device call (and its audit entry): it may come a moment after the device shows it.
        await("the update logged").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                .until(() -> adapter.logText().contains("Applied VIP change Update"));
        // The log is the adapter's whole life: other tests' VIPs may have been deleted in it.
        assertThat(adapter.logText().lines().filter(line -> line.contains("Applied VIP change Delete")))
                .as("shop changed in place, not deleted").noneMatch(line -> line.contains("name=shop]"));
        assertThat(viewer("/api/audit?vip=shop")).as("the update, audited with the field changed")
                .contains("\"action\":\"VIP_UPDATE\"").contains("changed port 80 -> 8081");
        assertThat(memberPorts()).isEqualTo(ports);

        // A client still connected to one member: the drain holds the VIP until the grace period ends.
        Http.Response held = Http.send("PUT", devices.f5Url() + "/emulator/members", "{\"pool\":\"/Common/shop_pool\","
                + "\"member\":\"127.0.0.1:" + ports.get(0) + "\",\"connections\":3}", null, null);
        assertThat(held.status()).as(held.body()).isEqualTo(200);
        publish(stack.configRepo().commit(ADAPTER_FILE, original, "Remove VIP shop"));
        await("members drained while the VIP still exists").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    String members = f5("GET", "/mgmt/tm/ltm/pool/~Common~shop_pool/members", null).body();
                    return members.contains("user-disabled") && !members.contains("user-enabled")
                            && f5("GET", "/mgmt/tm/ltm/virtual/~Common~shop", null).status() == 200;
                });
        await("VIP, pool and monitor deleted").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                .until(() -> f5("GET", "/mgmt/tm/ltm/virtual/~Common~shop", null).status() == 404
                        && f5("GET", "/mgmt/tm/ltm/pool/~Common~shop_pool", null).status() == 404
                        && f5("GET", "/mgmt/tm/ltm/monitor/http/~Common~shop_monitor", null).status() == 404);

        assertThat(f5("GET", HAND_MADE, null).body()).as("the hand-made VIP").isEqualTo(handMade);
        assertThat(viewer("/api/audit?vip=shop")).as("the removal, audited")
                .contains("\"action\":\"VIP_DRAIN\"").contains("\"action\":\"VIP_DELETE\"");
    }

    private String viewer(String path) {
        Http.Response response = Http.send("GET", adapter.url(path), null, "viewer", VIEWER_PASSWORD);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void commitWithAConflictingAddressIsRefusedAndWritesNothing() {
        String bad = withVips(vip("dup-a", "10.30.0.60", 443) + vip("dup-b", "10.30.0.60", 443));
        String commit = stack.configRepo().commit(ADAPTER_FILE, bad, "Two VIPs on one address and port");
        try {
            await("refused by the config server").atMost(Duration.ofSeconds(10))
                    .until(() -> revisions().contains("\"latest\":{\"commit\":\"" + commit));
            assertThat(revisions()).doesNotContain("\"published\":{\"commit\":\"" + commit);
            assertThat(refresh().status()).isEqualTo(200);
            Http.Response plan = Http.send("GET", adapter.url("/api/plan"), null, "viewer", VIEWER_PASSWORD);
            assertThat(plan.status()).as(plan.body()).isEqualTo(200);
            assertThat(plan.body()).contains("\"vips\":[]").doesNotContain("dup-a");
            assertThat(f5("GET", "/mgmt/tm/ltm/virtual", null).body()).doesNotContain("dup-a").doesNotContain("dup-b");
            assertThat(f5("GET", "/mgmt/tm/ltm/pool", null).body()).doesNotContain("dup-a");
        }
        finally {
            publish(stack.configRepo().commit(ADAPTER_FILE, original, "Restore the adapter config"));
        }
    }

    /**
     * An adapter killed mid-create (a marked pool left without its virtual server) completes the VIP after its restart
     * without a second pool; one killed while a removed VIP drains resumes after its restart and deletes it, leaving
     * nothing marked.
     */
    @Test
    void restartMidChangeConvergesWithNothingDuplicatedOrOrphaned() {
        String handMade = f5("GET", HAND_MADE, null).body();
        List<Integer> ports = backendPorts();
        // A create cut short by a kill: the marked pool exists, its virtual server does not.
        adapter.kill();
        Http.Response half = f5("POST", "/mgmt/tm/ltm/pool", "{\"name\":\"cart_pool\",\"partition\":\"Common\","
                + "\"description\":\"edgeway:vip cart\"}");
        assertThat(half.status()).as(half.body()).isEqualTo(200);
        try {
            String declared = stack.configRepo().commit(ADAPTER_FILE, withVips(vip("cart", "10.30.0.70", 80)),
                    "Declare cart");
            awaitServed(declared);
            adapter = stack.track(adapter.restart());
            adapter.awaitHealthy(START);
            await("VIP cart completed").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                    .until(() -> f5("GET", "/mgmt/tm/ltm/virtual/~Common~cart", null).status() == 200
                            && memberPorts("cart_pool").equals(ports));
            assertThat(count(f5("GET", "/mgmt/tm/ltm/pool", null).body(), "\"name\":\"cart_pool\"")).isEqualTo(1);
            assertThat(count(f5("GET", "/mgmt/tm/ltm/virtual", null).body(), "edgeway:vip cart")).isEqualTo(1);

            Http.Response held = Http.send("PUT", devices.f5Url() + "/emulator/members", "{\"pool\":"
                    + "\"/Common/cart_pool\",\"member\":\"127.0.0.1:" + ports.get(0) + "\",\"connections\":3}",
                    null, null);
            assertThat(held.status()).as(held.body()).isEqualTo(200);
            publish(stack.configRepo().commit(ADAPTER_FILE, original, "Remove cart"));
            await("cart draining").atMost(CONVERGE).pollInterval(Duration.ofMillis(50)).until(() -> {
                String members = f5("GET", "/mgmt/tm/ltm/pool/~Common~cart_pool/members", null).body();
                return members.contains("user-disabled") && !members.contains("user-enabled");
            });
            adapter.kill();
            adapter = stack.track(adapter.restart());
            adapter.awaitHealthy(START);
            await("cart deleted after the restart").atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                    .until(() -> f5("GET", "/mgmt/tm/ltm/virtual/~Common~cart", null).status() == 404
                            && f5("GET", "/mgmt/tm/ltm/pool/~Common~cart_pool", null).status() == 404
                            && f5("GET", "/mgmt/tm/ltm/monitor/http/~Common~cart_monitor", null).status() == 404);
            for (String collection : List.of("virtual", "pool", "monitor/http")) {
                assertThat(f5("GET", "/mgmt/tm/ltm/" + collection, null).body()).as(collection + " orphans")
                        .doesNotContain("edgeway:vip cart");
            }
            assertThat(f5("GET", HAND_MADE, null).body()).as("the hand-made VIP").isEqualTo(handMade);
        }
        finally {
            if (!stack.configRepo().read(ADAPTER_FILE).equals(original)) {
                publish(stack.configRepo().commit(ADAPTER_FILE, original, "Restore the adapter config"));
            }
        }
    }

    /**
     * Issue 16's "one commit, gateway and devices together": the VIP's pool follows the canary split of
     * sample-backend's gateway route (v1 stable, v2 canary, 10 % as shipped), and ONE commit of the gateway's file
     * that changes the weight changes the F5 member ratios to match; 0 % drains the canary member, and the split back
     * at 10 % enables it again.
     */
    @Test
    void oneCommitOfTheGatewaysCanaryWeightSetsThePoolsMemberRatios() {
        String gateway = stack.configRepo().read(GATEWAY_FILE);
        assertThat(gateway).as("the shipped api route splits sample-backend v1/v2 at 10 %")
                .contains(SHIPPED_WEIGHT).contains("stable: v1").contains("canary: v2");
        int v1 = stack.backends().get(0).port();
        int v2 = stack.backends().get(1).port();
        try {
            publish(stack.configRepo().commit(ADAPTER_FILE, withVips(vip("split", "10.30.0.80", 80)),
                    "Declare VIP split"));
            await("VIP split with 1 stable and 1 canary member at 10 %: ratios 9 and 1").atMost(CONVERGE)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ratios("split_pool").equals(Map.of(v1, 9, v2, 1)));
            assertThat(f5("GET", "/mgmt/tm/ltm/pool/~Common~split_pool", null).body())
                    .contains("\"loadBalancingMode\":\"ratio-member\"");

            String raised = stack.configRepo().commit(GATEWAY_FILE, gateway.replace(SHIPPED_WEIGHT,
                    SHIPPED_WEIGHT.replace("10", "25")), "Canary v2 of sample-backend at 25 %");
            await("one gateway commit: ratios 3 and 1 (25 %)").atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                    .until(() -> ratios("split_pool").equals(Map.of(v1, 3, v2, 1)));
            assertThat(Http.send("GET", adapter.managementUrl("/actuator/info"), null, null, null).body())
                    .as("the adapter runs the gateway's commit").contains("\"commit\":\"" + raised + "\"");
            assertThat(sessions("split_pool")).as("no member drained at 25 %").containsOnlyKeys(v1, v2)
                    .doesNotContainValue("user-disabled");

            stack.configRepo().commit(GATEWAY_FILE, gateway.replace(SHIPPED_WEIGHT,
                    SHIPPED_WEIGHT.replace("10", "0")), "Canary v2 of sample-backend at 0 %");
            await("at 0 % the canary member is drained, the stable one serves").atMost(CONVERGE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> "user-disabled".equals(sessions("split_pool").get(v2))
                            && !"user-disabled".equals(sessions("split_pool").get(v1)));

            stack.configRepo().commit(GATEWAY_FILE, gateway, "Canary v2 of sample-backend back at 10 %");
            await("back at 10 %: the canary member serves again at ratio 1, stable at 9").atMost(CONVERGE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ratios("split_pool").equals(Map.of(v1, 9, v2, 1))
                            && !sessions("split_pool").containsValue("user-disabled"));
        }
        finally {
            if (!stack.configRepo().read(GATEWAY_FILE).equals(gateway)) {
                stack.configRepo().commit(GATEWAY_FILE, gateway, "Restore the gateway config");
            }
            if (!stack.configRepo().read(ADAPTER_FILE).equals(original)) {
                publish(stack.configRepo().commit(ADAPTER_FILE, original, "Restore the adapter config"));
            }
        }
    }

    /** Each member's ratio, by backend port. */
    private Map<Integer, Integer> ratios(String pool) {
        Map<Integer, Integer> ratios = new HashMap<>();
        members(pool).forEach(member -> ratios.put(port(member), member.path("ratio").asInt()));
        return ratios;
    }

    /** Each member's session ({@code user-disabled} when drained), by backend port. */
    private Map<Integer, String> sessions(String pool) {
        Map<Integer, String> sessions = new HashMap<>();
        members(pool).forEach(member -> sessions.put(port(member), member.path("session").asString()));
        return sessions;
    }

    private List<JsonNode> members(String pool) {
        Http.Response members = f5("GET", "/mgmt/tm/ltm/pool/~Common~" + pool + "/members", null);
        if (members.status() != 200) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        JsonMapper.shared().readTree(members.body()).path("items").forEach(items::add);
        return items;
    }

    private static int port(JsonNode member) {
        String name = member.path("name").asString();
        return Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Waits until the config server serves the commit; nothing is called on the adapter, which follows the config
     * server's revision stream by itself.
     */
    private void publish(String commit) {
        awaitServed(commit);
    }

    private void awaitServed(String commit) {
        await("commit " + commit + " served").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Http.send("GET", stack.configServer().url("/lb-adapter-service/default"), null, "config",
                        Stack.CONFIG_PASSWORD).body().contains("\"version\":\"" + commit + "\""));
    }

    private Http.Response refresh() {
        return Http.send("POST", adapter.managementUrl("/actuator/refresh"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
    }

    private String revisions() {
        return Http.send("GET", stack.configServer().url("/revisions/current"), null, "config", Stack.CONFIG_PASSWORD)
                .body();
    }

    /**
     * The shipped adapter config with both devices' networks (both may hold a VIP address of 10.30/16; only the F5
     * reaches the instances on 127.0.0.1, so {@code device: auto} picks it) and these VIP declarations.
     */
    private String withVips(String vips) {
        String text = original.replace("        partitions: Common, Tenant1\n", "        partitions: Common, Tenant1\n"
                + "        member-networks: 127.0.0.0/8\n        vip-networks: 10.30.0.0/16\n")
                .replace("        partitions: default, tenant1\n", "        partitions: default, tenant1\n"
                        + "        member-networks: 192.0.2.0/24\n        vip-networks: 10.30.0.0/16\n")
                .replace("\nspring:\n", "    vips:\n" + vips + "\nspring:\n");
        assertThat(text).as("the shipped file has the lines this test extends").contains("member-networks: 127")
                .contains("member-networks: 192").contains("    vips:\n");
        return text;
    }

    private static String vip(String name, String address, int port) {
        return "      - name: " + name + "\n        address: " + address + "\n        port: " + port + "\n"
                + "        protocol: http\n        application: sample-backend\n"
                + "        health: { http-get: /monitor/l7check, interval: 5s, timeout: 2s }\n";
    }

    private List<Integer> backendPorts() {
        return stack.eureka().instances("sample-backend").stream().filter(i -> i.status().equals("UP"))
                .map(i -> i.port()).sorted().toList();
    }

    private List<Integer> memberPorts() {
        return memberPorts("shop_pool");
    }

    private List<Integer> memberPorts(String pool) {
        String body = f5("GET", "/mgmt/tm/ltm/pool/~Common~" + pool + "/members", null).body();
        List<Integer> ports = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"name\":\"127\\.0\\.0\\.1:(\\d+)\"").matcher(body);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports.stream().sorted().toList();
    }

    private Http.Response f5(String method, String path, String body) {
        return Http.send(method, devices.f5Url() + path, body, F5_USER, F5_PASSWORD);
    }

    private Http.Response nitro(String path) {
        return Http.send(Http.request(devices.nitroUrl() + path).header("X-NITRO-USER", "edgeway")
                .header("X-NITRO-PASS", "demo-nitro-secret").GET());
    }
}

package io.edgeway.config.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDiffTest {

    private static final String ROUTES = """
            spring.cloud.gateway.server.webflux.routes:
              - id: hello
                uri: lb://sample-backend
                predicates: [ Path=/hello, 'Weight=hello, %s' ]
            """;

    @TempDir
    Path repo;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void printsRoutesAddedAndWeightsChanged() throws Exception {
        String before = commit(ROUTES.formatted(5));
        String after = commit(ROUTES.formatted(10) + """
                  - id: added
                    uri: lb://sample-backend
                    predicates: [ Path=/added ]
                """);

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("+ route added (predicates[0]=Path=/added, uri=lb://sample-backend)")
                .contains("~ route hello: weight predicates[1] Weight=hello, 5 -> Weight=hello, 10").endsWith("valid\n");
    }

    @Test
    void labelsCanaryShedAndAuthChanges() throws Exception {
        String policy = """
                spring.cloud.gateway.server.webflux.routes:
                  - id: api
                    uri: lb://sample-backend
                    predicates: [ Path=/api/** ]
                    filters:
                      - name: Canary
                        args: { stable: v1, canary: v2, weight: %s }
                    metadata: { scopes: %s }
                edgeway.gateway:
                  shedding.max-limit: %s
                  auth.issuer: %s
                """;
        String before = commit(policy.formatted(5, "api", 200, "edgeway-demo"));
        String after = commit(policy.formatted(10, "api admin", 300, "https://login.example.com"));

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("weight filters[0].args.weight 5 -> 10")
                .contains("auth metadata.scopes api -> api admin")
                .contains("~ shedding edgeway.gateway.shedding.max-limit: 200 -> 300")
                .contains("~ auth edgeway.gateway.auth.issuer: edgeway-demo -> https://login.example.com");
    }

    @Test
    void refusesAnInvalidRevisionWithItsReasons() throws Exception {
        String before = commit(ROUTES.formatted(5));
        String after = commit(ROUTES.formatted(140));

        assertThat(run(before, after)).isEqualTo(1);
        assertThat(output()).contains("INVALID").contains("route 'hello', Weight weight: 140 is outside 0–100");
    }

    private static final String ADAPTER = """
            edgeway.lb-adapter:
              devices:
                f5-demo:
                  type: F5
                  partitions: Common, Tenant1
                  member-networks: 10.1.0.0/16
                  vip-networks: 10.20.0.0/24
                netscaler-demo:
                  type: NETSCALER
                  partitions: default
                  member-networks: 10.2.0.0/16
                  vip-networks: 10.30.0.0/24
              vips:
            """;

    private static final String SHOP = """
                - name: shop
                  address: 10.20.0.50
                  port: %s
                  protocol: https
                  application: shop-service
                  partition: Tenant1
            """;

    private static final String CART = """
                - name: cart
                  address: 10.30.0.7
                  port: 80
                  protocol: http
                  application: cart-service
                  device: netscaler-demo
                  health: { http-get: /monitor/l7check, interval: 5s, timeout: 2s }
            """;

    @Test
    void printsVipsAddedWithTheDeviceEachLandsOn() throws Exception {
        String before = commitAdapter(ADAPTER.replace("  vips:\n", "  vips: []\n"));
        String after = commitAdapter(ADAPTER + SHOP.formatted(443) + CART);

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("VIPs (lb-adapter-service):")
                .contains("+ vip shop (10.20.0.50:443 https, members shop-service, health (device default), "
                        + "persistence none) -> f5-demo/Tenant1 (device auto: the only device whose vip-networks hold "
                        + "10.20.0.50; the adapter confirms it by the instances' member networks)")
                .contains("+ vip cart (10.30.0.7:80 http, members cart-service, health GET /monitor/l7check every 5s "
                        + "timeout 2s, persistence none) -> netscaler-demo/default (device declared)")
                .doesNotContain("edgeway.lb-adapter.vips[").endsWith("valid\n");
    }

    @Test
    void printsVipFieldsChangedAndVipsRemoved() throws Exception {
        String before = commitAdapter(ADAPTER + SHOP.formatted(443) + CART);
        String after = commitAdapter(ADAPTER + SHOP.formatted(8443));

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("~ vip shop on f5-demo/Tenant1 (device auto: the only device whose "
                + "vip-networks hold 10.20.0.50; the adapter confirms it by the instances' member networks): "
                + "port 443 -> 8443")
                .contains("- vip cart from netscaler-demo/default (device declared): members drained, then the VIP, "
                        + "its pool and monitor deleted")
                .doesNotContain("+ vip").endsWith("valid\n");
    }

    @Test
    void saysWhenAnAutoVipCouldLandOnMoreThanOneDevice() throws Exception {
        String before = commitAdapter(ADAPTER + "      - name: keep\n        address: 10.20.0.9\n        port: 80\n"
                + "        application: keep-service\n");
        String after = commitAdapter(ADAPTER.replace("10.30.0.0/24", "10.20.0.0/16") + "      - name: keep\n"
                + "        address: 10.20.0.9\n        port: 80\n        application: keep-service\n");

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("~ vip keep on one of f5-demo|netscaler-demo/(the device's default partition)"
                + " (device auto: decided by the instances' member networks when the adapter applies it; offline, by "
                + "vip-networks, it is any of [f5-demo, netscaler-demo]): lands on f5-demo/Common -> one of "
                + "f5-demo|netscaler-demo/(the device's default partition)");
    }

    @Test
    void refusesInvalidVipDeclarationsWithTheirReasons() throws Exception {
        String before = commitAdapter(ADAPTER + SHOP.formatted(443));
        String after = commitAdapter(ADAPTER + SHOP.formatted(443) + SHOP.formatted(443).replace("shop", "shop2")
                .replace("10.20.0.50", "10.99.0.1"));

        assertThat(run(before, after)).isEqualTo(1);
        assertThat(output()).contains("INVALID")
                .contains("edgeway.lb-adapter.vips[1].address: 10.99.0.1 is outside the vip-networks of every device")
                .doesNotContain("+ vip");
    }

    @Test
    void refusesBadUsage() throws Exception {
        assertThat(new ConfigDiff(new PrintStream(output)).run(new String[] { "only-one" })).isEqualTo(2);
    }

    private int run(String before, String after) throws Exception {
        return new ConfigDiff(new PrintStream(output, true, StandardCharsets.UTF_8))
                .run(new String[] { "--repo", repo.toString(), before, after });
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private String commit(String gatewayConfig) throws Exception {
        return commitFile("edge-gateway.yml", gatewayConfig);
    }

    private String commitAdapter(String adapterConfig) throws Exception {
        return commitFile("lb-adapter-service.yml", adapterConfig);
    }

    private String commitFile(String file, String content) throws Exception {
        Files.createDirectories(repo.resolve("config-repo"));
        Files.writeString(repo.resolve("config-repo/" + file), content);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("change").setAuthor("t", "t@t").setCommitter("t", "t@t").setSign(false).call()
                    .getName();
        }
    }
}

package io.edgeway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.edgeway.e2e.support.AlertRules;
import io.edgeway.e2e.support.DashboardQueries;
import io.edgeway.e2e.support.PrometheusServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards, rules and scrape config of observability/ as files: promtool accepts them, and every dashboard
 * panel has a query Prometheus can parse. Whether the queries find data is ObservabilityIT's part.
 */
class ObservabilityFilesTest {

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        for (Path file : AlertRules.files()) {
            assertThat(promtool("check", "rules", file.toString())).as(file.toString()).startsWith("0\n");
        }
    }

    @Test
    void promtoolAcceptsTheScrapeConfigAndTheRuleFilesItLoads() throws Exception {
        String result = promtool("check", "config", AlertRules.directory().resolve("prometheus.yml").toString());

        assertThat(result).startsWith("0\n").contains("SUCCESS: 1 rule files found");
    }

    @Test
    void everyAlertWaitsAndSaysWhatToDo() {
        assertThat(AlertRules.alerts()).extracting(AlertRules.Rule::name).containsExactlyInAnyOrder(
                "EdgewayRouteErrorRatioHigh", "EdgewayCanaryWorseThanStable", "EdgewaySheddingSustained",
                "EdgewayGatewayOnOldCommit", "EdgewayDeviceSyncFailing", "EdgewayRegistryBelowExpected");
        assertThat(AlertRules.alerts()).allSatisfy(alert -> assertThat(alert.forDuration()).as(alert.name())
                .isNotBlank());
        assertThat(AlertRules.alerts()).filteredOn(alert -> alert.name().equals("EdgewayGatewayOnOldCommit"))
                .singleElement().extracting(AlertRules.Rule::forDuration).isEqualTo("1m");
    }

    /** promtool parses PromQL only inside rules: each panel query becomes a recording rule of a throwaway file. */
    @Test
    void everyDashboardQueryIsValidPromql(@TempDir Path dir) throws Exception {
        List<DashboardQueries.Query> queries = DashboardQueries.all();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("record", "dashboard_query_" + i);
            rule.put("expr", queries.get(i).expr());
            rules.add(rule);
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules",
                rules)))));

        assertThat(queries).hasSizeGreaterThan(40);
        assertThat(promtool("check", "rules", file.toString())).startsWith("0\n");
    }

    @Test
    void everyDashboardHasItsOwnUidAndEveryPanelAQueryOnTheDatasourceVariable() {
        Set<String> uids = new HashSet<>();
        List<Path> files = DashboardQueries.files();
        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactlyInAnyOrder(
                "edgeway-gateway-overview.json", "edgeway-canary.json", "edgeway-shedding-resilience.json",
                "edgeway-config-push.json", "edgeway-registry.json", "edgeway-device-sync.json");
        for (Path file : files) {
            JsonNode dashboard = DashboardQueries.read(file);
            assertThat(uids.add(dashboard.get("uid").asString())).as("uid of %s is unique", file).isTrue();
            assertThat(dashboard.get("title").asString()).startsWith("edgeway / ");
            assertThat(dashboard.get("panels")).isNotEmpty().allSatisfy(panel -> {
                assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
                assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty()
                        .allSatisfy(target -> assertThat(target.get("expr").asString()).isNotBlank());
            });
        }
    }

    /** Exit code, a newline, then what promtool printed. */
    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PrometheusServer.PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + "\n" + output;
    }
}

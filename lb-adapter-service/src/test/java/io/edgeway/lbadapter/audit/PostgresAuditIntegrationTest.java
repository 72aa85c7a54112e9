package io.edgeway.lbadapter.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.lbadapter.LbAdapterApplication;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import io.edgeway.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.edgeway.lbadapter.support.AdapterClient.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit log and operator holds in a real PostgreSQL (Debian's server, started by {@link PostgresServer}, not H2):
 * the adapter creates its schema there, records the reconcile loop's and an operator's changes, serves them from
 * {@code GET /api/audit}, and a restarted adapter on the same database still holds the member an operator drained.
 */
class PostgresAuditIntegrationTest {

    private static final String POOL = "pg";

    private static final String STAYS = "127.0.0.1:9301";

    private static final String DRAINED = "127.0.0.2:9301";

    /** Registered only for the restarted adapter: its arrival proves the restarted loop reconciled the pool. */
    private static final String ADDED_AFTER_RESTART = "127.0.0.3:9301";

    private static PostgresServer postgres;

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5",
            F5Emulator.start(F5Settings.defaults()).addPool("Common", POOL, null)
                    .addVirtual("Common", "pg_vs", "10.90.0.1:80", POOL));

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    private final List<ConfigurableApplicationContext> adapters = new ArrayList<>();

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stopAdapters() {
        adapters.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void keepsTheAuditLogAndOperatorHoldsInPostgresqlAcrossARestart() throws SQLException {
        // A fresh cluster: whatever tables show up below, the adapter created them.
        assertThat(tables()).doesNotContain("audit_entry", "operator_hold");

        ConfigurableApplicationContext first = adapter(List.of(STAYS, DRAINED));
        AdapterClient client = client(first);

        try (Connection connection = first.getBean(DataSource.class).getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        assertThat(tables()).contains("audit_entry", "operator_hold");

        // The reconcile loop adds both instances, then an operator drains one.
        await().atMost(Duration.ofSeconds(20)).until(() -> F5.members("Common", POOL).size() == 2);
        AdapterClient.Reply drained = client.post("/api/members/drain", member("f5", "Common", POOL, DRAINED));
        assertThat(drained.status()).isEqualTo(200);
        assertThat(session(DRAINED)).isEqualTo("user-disabled");

        List<String> expected = List.of("operator DRAIN f5/Common/pg " + DRAINED + " OK",
                "reconciler ADD f5/Common/pg " + DRAINED + " OK", "reconciler ADD f5/Common/pg " + STAYS + " OK");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(audit(client.get("/api/audit?limit=100"))).containsAll(expected));
        assertThat(audit(client.get("/api/audit?limit=100")).get(0)).isEqualTo(expected.get(0));

        // The same entries, read from PostgreSQL with plain JDBC.
        assertThat(auditRows()).containsAll(expected);
        assertThat(holdRows()).containsExactly("f5/Common/pg " + DRAINED + " held by " + AdapterClient.USER);

        first.close();

        // A new adapter on the same database, with one more instance registered.
        ConfigurableApplicationContext second = adapter(List.of(STAYS, DRAINED, ADDED_AFTER_RESTART));
        AdapterClient restarted = client(second);

        // Its first cycles add the new instance; they also see the drained one UP, and only the hold read back from
        // PostgreSQL keeps them from enabling it again.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(audit(restarted.get("/api/audit")))
                .contains("reconciler ADD f5/Common/pg " + ADDED_AFTER_RESTART + " OK"));
        await("the drained member stays disabled after the restart").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3)).until(() -> session(DRAINED).equals("user-disabled"));
        assertThat(restarted.get("/api/plan").toString())
                .contains(DRAINED + " drained by operator " + AdapterClient.USER);
        List<String> history = audit(restarted.get("/api/audit?limit=100"));
        assertThat(history).containsAll(expected)
                .noneMatch(entry -> entry.startsWith("reconciler ENABLE f5/Common/pg " + DRAINED));
        assertThat(holdRows()).containsExactly("f5/Common/pg " + DRAINED + " held by " + AdapterClient.USER);
    }

    /** The adapter in this JVM against PostgreSQL and the emulated F5, with these instances of app-pg registered. */
    private ConfigurableApplicationContext adapter(List<String> instances) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("server.address", "127.0.0.1");
        settings.put("spring.cloud.config.enabled", "false");
        settings.put("eureka.client.enabled", "false");
        // What config-repo/lb-adapter-service.yml makes of LB_ADAPTER_DB_URL, _USER and _PASSWORD, and its
        // spring.sql.init.mode (schema.sql also on a database that is not embedded).
        settings.put("spring.datasource.url", postgres.jdbcUrl());
        settings.put("spring.datasource.username", PostgresServer.USER);
        settings.put("spring.datasource.password", "");
        settings.put("spring.sql.init.mode", "always");
        settings.put("spring.security.user.name", AdapterClient.USER);
        settings.put("spring.security.user.password", AdapterClient.PASSWORD);
        settings.put("edgeway.lb-adapter.view.poll-interval", "1h");
        settings.put("edgeway.lb-adapter.reconcile.registry-poll-interval", "100ms");
        settings.put("edgeway.lb-adapter.reconcile.full-interval", "200ms");
        settings.put("edgeway.lb-adapter.reconcile.drain-check-interval", "200ms");
        settings.put("edgeway.lb-adapter.mappings[0].application", "app-pg");
        settings.put("edgeway.lb-adapter.mappings[0].device", "f5");
        settings.put("edgeway.lb-adapter.mappings[0].partition", "Common");
        settings.put("edgeway.lb-adapter.mappings[0].pool", POOL);
        for (int i = 0; i < instances.size(); i++) {
            settings.put("spring.cloud.discovery.client.simple.instances.app-pg[" + i + "].uri",
                    "http://" + instances.get(i));
        }
        F5_DEVICE.register((name, value) -> settings.put(name, String.valueOf(value.get())));
        // As arguments, not default properties, which application.yml would override.
        List<String> arguments = new ArrayList<>();
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LbAdapterApplication.class)
                .run(arguments.toArray(String[]::new));
        adapters.add(context);
        return context;
    }

    private static AdapterClient client(ConfigurableApplicationContext adapter) {
        return new AdapterClient(adapter.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static String session(String member) {
        return F5.member("Common", POOL, member).orElseThrow().session();
    }

    /** Who did what to which member, and how it went: newest first. */
    private static List<String> audit(JsonNode page) {
        return page.path("entries").valueStream()
                .map(e -> String.join(" ", e.path("actor").asString(), e.path("action").asString(),
                        e.path("device").asString() + "/" + e.path("partition").asString() + "/"
                                + e.path("pool").asString(),
                        e.path("member").asString(), e.path("outcome").asString()))
                .toList();
    }

    private static List<String> tables() throws SQLException {
        return query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", row -> row
                .getString(1));
    }

    private static List<String> auditRows() throws SQLException {
        return query("SELECT actor, action, device, partition_name, pool_name, member_address, outcome "
                + "FROM audit_entry ORDER BY id DESC", row -> row.getString("actor") + " " + row.getString("action")
                        + " " + row.getString("device") + "/" + row.getString("partition_name") + "/"
                        + row.getString("pool_name") + " " + row.getString("member_address") + " "
                        + row.getString("outcome"));
    }

    private static List<String> holdRows() throws SQLException {
        return query("SELECT device, partition_name, pool_name, member_address, held_by FROM operator_hold",
                row -> row.getString("device") + "/" + row.getString("partition_name") + "/"
                        + row.getString("pool_name") + " " + row.getString("member_address") + " held by "
                        + row.getString("held_by"));
    }

    private interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private static <T> List<T> query(String sql, Row<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(mapper.map(result));
            }
        }
        return rows;
    }
}

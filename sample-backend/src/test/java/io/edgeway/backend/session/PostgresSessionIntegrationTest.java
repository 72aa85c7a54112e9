package io.edgeway.backend.session;

import io.edgeway.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.edgeway.backend.session.SessionCalls.call;
import static io.edgeway.backend.session.SessionCalls.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile db-session on a real PostgreSQL (Debian's server, a cluster of this test's own): the first instance creates
 * the schema, the second starts on the existing tables, and both share their users' sessions.
 */
class PostgresSessionIntegrationTest {

    private static PostgresServer postgres;

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        String[] database = { "spring.datasource.url=" + postgres.jdbcUrl(),
                "spring.datasource.username=" + PostgresServer.USER };
        first = SessionCalls.startBackend("pg-1", "db-session", database);
        second = SessionCalls.startBackend("pg-2", "db-session", database);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aSessionStartedOnOneInstanceContinuesOnAnother() {
        SessionCalls.Answer started = call("POST", port(first), "/session?add=7", null);

        SessionCalls.Answer continued = call("POST", port(second), "/session", started.cookie());

        assertThat(started.store()).isEqualTo("jdbc");
        assertThat(continued.instanceId()).isEqualTo("pg-2");
        assertThat(continued.count()).isEqualTo(8);
    }

    @Test
    void sessionsAreRowsInPostgres() {
        String cookie = call("POST", port(first), "/session", null).cookie();
        JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);

        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from spring_session", Integer.class)).isPositive();
        assertThat(call("GET", port(second), "/session", cookie).count()).isEqualTo(1);
    }
}

package io.edgeway.backend.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.edgeway.backend.session.SessionCalls.call;
import static io.edgeway.backend.session.SessionCalls.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile db-session: two instances on one database (H2 in this JVM's memory, which both contexts here reach by
 * name) share their users' sessions; the schema is created on start, and a second start keeps the existing table.
 */
class JdbcSessionIntegrationTest {

    private static final String DATABASE = "spring.datasource.url=jdbc:h2:mem:jdbc-session-test;DB_CLOSE_DELAY=-1";

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        first = SessionCalls.startBackend("jdbc-1", "db-session", DATABASE);
        second = SessionCalls.startBackend("jdbc-2", "db-session", DATABASE);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSessionStartedOnOneInstanceContinuesOnAnother() {
        SessionCalls.Answer started = call("POST", port(first), "/session?add=4", null);
        String cookie = started.cookie();

        SessionCalls.Answer continued = call("POST", port(second), "/session", cookie);
        SessionCalls.Answer back = call("GET", port(first), "/session", cookie);

        assertThat(started.store()).isEqualTo("jdbc");
        assertThat(cookie).startsWith("SESSION=");
        assertThat(continued.instanceId()).isEqualTo("jdbc-2");
        assertThat(continued.count()).isEqualTo(5);
        assertThat(back.instanceId()).isEqualTo("jdbc-1");
        assertThat(back.count()).isEqualTo(5);
    }

    @Test
    void sessionsAreRowsOfTheSessionTable() {
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        Integer before = jdbc.queryForObject("select count(*) from SPRING_SESSION", Integer.class);

        call("POST", port(second), "/session", null);

        assertThat(jdbc.queryForObject("select count(*) from SPRING_SESSION", Integer.class)).isEqualTo(before + 1);
    }

    @Test
    void needsNoRedis() {
        assertThat(first.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
    }
}

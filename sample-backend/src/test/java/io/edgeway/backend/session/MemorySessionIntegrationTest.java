package io.edgeway.backend.session;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.session.SessionRepository;

import static io.edgeway.backend.session.SessionCalls.call;
import static io.edgeway.backend.session.SessionCalls.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a store profile: no Redis, no database, sessions in each instance's memory, so a second instance does not
 * know the first one's users (the problem the store profiles solve).
 */
class MemorySessionIntegrationTest {

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        first = SessionCalls.startBackend("memory-1", null);
        second = SessionCalls.startBackend("memory-2", null);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void needsNeitherRedisNorADatabase() {
        assertThat(first.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        assertThat(first.getBeanNamesForType(DataSource.class)).isEmpty();
        assertThat(first.getBeanNamesForType(SessionRepository.class)).isEmpty();
    }

    @Test
    void countsWithinOneInstanceMemory() {
        SessionCalls.Answer started = call("POST", port(first), "/session", null);
        String cookie = started.cookie();

        SessionCalls.Answer again = call("POST", port(first), "/session?add=5", cookie);
        SessionCalls.Answer shown = call("GET", port(first), "/session", cookie);

        assertThat(started.status()).isEqualTo(200);
        assertThat(started.count()).isEqualTo(1);
        assertThat(started.store()).isEqualTo("memory");
        assertThat(cookie).startsWith("JSESSIONID=");
        assertThat(again.count()).isEqualTo(6);
        assertThat(shown.count()).isEqualTo(6);
        assertThat(shown.instanceId()).isEqualTo("memory-1");
    }

    @Test
    void anotherInstanceDoesNotKnowTheSession() {
        String cookie = call("POST", port(first), "/session?add=3", null).cookie();

        SessionCalls.Answer elsewhere = call("GET", port(second), "/session", cookie);

        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.instanceId()).isEqualTo("memory-2");
        assertThat(elsewhere.count()).isZero();
    }

    @Test
    void readingStartsNoSession() {
        SessionCalls.Answer answer = call("GET", port(first), "/session", null);

        assertThat(answer.count()).isZero();
        assertThat(answer.setCookie()).isEmpty();
    }

    @Test
    void refusesAnAdditionOutOfRangeWithAReason() {
        SessionCalls.Answer zero = call("POST", port(first), "/session?add=0", null);
        SessionCalls.Answer tooMany = call("POST", port(first), "/session?add=1001", null);

        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().path("error").asString()).contains("add must be between 1 and 1000");
        assertThat(zero.setCookie()).as("no session for a refused request").isEmpty();
        assertThat(tooMany.status()).isEqualTo(400);
    }

    @Test
    void aRefusedRequestStartsNoSession() {
        SessionCalls.Answer refused = call("PUT", port(first), "/monitor/faults", null);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.setCookie()).isEmpty();
    }
}

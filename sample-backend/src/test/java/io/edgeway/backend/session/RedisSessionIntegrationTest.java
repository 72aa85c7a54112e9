package io.edgeway.backend.session;

import io.edgeway.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static io.edgeway.backend.session.SessionCalls.call;
import static io.edgeway.backend.session.SessionCalls.port;
import static org.assertj.core.api.Assertions.assertThat;

/** Profile redis-session: two instances sharing one real redis-server share their users' sessions. */
class RedisSessionIntegrationTest {

    private static RedisServer redis;

    private static ConfigurableApplicationContext first;

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        redis = new RedisServer();
        first = SessionCalls.startBackend("redis-1", "redis-session", "spring.data.redis.url=" + redis.url());
        second = SessionCalls.startBackend("redis-2", "redis-session", "spring.data.redis.url=" + redis.url());
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        redis.close();
    }

    @Test
    void aSessionStartedOnOneInstanceContinuesOnAnother() {
        SessionCalls.Answer started = call("POST", port(first), "/session?add=2", null);
        String cookie = started.cookie();

        SessionCalls.Answer continued = call("POST", port(second), "/session?add=3", cookie);
        SessionCalls.Answer back = call("GET", port(first), "/session", cookie);

        assertThat(started.store()).isEqualTo("redis");
        assertThat(cookie).startsWith("SESSION=");
        assertThat(continued.instanceId()).isEqualTo("redis-2");
        assertThat(continued.count()).isEqualTo(5);
        assertThat(continued.setCookie()).as("the same session: no new cookie").isEmpty();
        assertThat(back.instanceId()).isEqualTo("redis-1");
        assertThat(back.count()).isEqualTo(5);
    }

    @Test
    void sessionsLiveInRedisUnderTheEdgewayNamespace() {
        call("POST", port(first), "/session", null);

        StringRedisTemplate redisClient = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));

        assertThat(redisClient.keys("edgeway:session:sessions:*")).isNotEmpty();
    }

    @Test
    void anUnknownCookieIsAStranger() {
        SessionCalls.Answer answer = call("GET", port(second), "/session", "SESSION=bm8tc3VjaC1zZXNzaW9u");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.count()).isZero();
    }
}

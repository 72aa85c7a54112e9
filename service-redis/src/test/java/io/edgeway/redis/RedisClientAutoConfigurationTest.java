package io.edgeway.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClientAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(RedisClientAutoConfiguration.class, DataRedisAutoConfiguration.class));

    @Test
    void noTimerThreadRunsUntilRedisIsUsed() {
        contextRunner.run(context -> {
            ClientResources resources = context.getBean(ClientResources.class);
            assertThat(timerThreads()).isZero();

            resources.timer().newTimeout(timeout -> { }, 1, TimeUnit.MILLISECONDS);
            assertThat(timerThreads()).isOne();
        });
        assertThat(timerThreads()).as("stopped with the context").isZero();
    }

    @Test
    void reconnectsWithinASecond() {
        contextRunner.run(context -> {
            ClientResources resources = context.getBean(ClientResources.class);
            assertThat(resources.reconnectDelay().createDelay(1)).isEqualTo(Duration.ofMillis(50));
            assertThat(resources.reconnectDelay().createDelay(20)).isEqualTo(Duration.ofSeconds(1));
        });
    }

    private static long timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("lettuce-timer")).count();
    }
}

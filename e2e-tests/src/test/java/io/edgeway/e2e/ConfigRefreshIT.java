package io.edgeway.e2e;

import java.time.Duration;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A commit to the config repository, plus a refresh, changes what the backends say, without a restart. */
class ConfigRefreshIT {

    private final Stack stack = Stack.shared();

    @Test
    void committedMessageIsServedAfterRefreshWithoutRestart() {
        String original = stack.configRepo().read("sample-backend.yml");
        String commit = stack.configRepo().commit("sample-backend.yml",
                original.replace("message: Hello from edgeway", "message: Hello from the e2e commit"),
                "Change the greeting");
        try {
            awaitServed(commit);

            for (ServiceProcess backend : stack.backends()) {
                refresh(backend);
            }

            await("gateway serves the new message from every backend").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> {
                        for (int i = 0; i < 6; i++) {
                            assertThat(Http.get(stack.gateway().url("/hello")).body()).isEqualTo("Hello from the e2e commit");
                        }
                    });
            assertThat(stack.backends()).allMatch(ServiceProcess::isAlive);
            assertThat(stack.backends().get(0).logText()).containsOnlyOnce("Started SampleBackendApplication");
        }
        finally {
            awaitServed(stack.configRepo().commit("sample-backend.yml", original, "Restore the greeting"));
            stack.backends().forEach(ConfigRefreshIT::refresh);
        }
    }

    /** The config server serves a commit once it has validated it, within a poll of the branch. */
    private void awaitServed(String commit) {
        await("commit " + commit + " served").atMost(Duration.ofSeconds(10)).until(() -> Http.send("GET",
                stack.configServer().url("/sample-backend/default"), null, "config", Stack.CONFIG_PASSWORD).body()
                .contains("\"version\":\"" + commit + "\""));
    }

    private static void refresh(ServiceProcess backend) {
        Http.Response response = Http.send("POST", backend.managementUrl("/actuator/refresh"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}

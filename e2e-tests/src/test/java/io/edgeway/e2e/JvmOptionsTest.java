package io.edgeway.e2e;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgeway.e2e.support.Stack;
import io.edgeway.testsupport.JvmOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** jvm/*.options are the one list of JVM options; docker-compose.yml, which cannot read them, repeats them exactly. */
class JvmOptionsTest {

    /** Compose's {@code ${VAR:-default}}, with the variable unset. */
    private static final Pattern DEFAULT = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}");

    @Test
    void theGatewayRunsTheOptimizingJit() {
        // C1 only cut its throughput several times over (README, "JVM options").
        assertThat(JvmOptions.of(Stack.root(), "edge-gateway")).contains("-XX:+UseSerialGC")
                .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "config-server", "discovery-server", "discovery-server-2", "discovery-server-3",
            "sample-backend-1", "sample-backend-2", "sample-backend-3", "lb-adapter-service", "edge-gateway" })
    void composeStartsEachServiceWithItsShippedOptions(String service) throws Exception {
        String module = service.startsWith("sample-backend") ? "sample-backend"
                : service.startsWith("discovery-server") ? "discovery-server" : service;
        assertThat(composeJavaOptions(service).split(" "))
                .containsExactlyElementsOf(JvmOptions.of(Stack.root(), module));
    }

    @SuppressWarnings("unchecked")
    private static String composeJavaOptions(String service) throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Stack.root().resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get(service))
                .get("environment");
        String value = String.valueOf(environment.get("JAVA_TOOL_OPTIONS"));
        Matcher matcher = DEFAULT.matcher(value);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
    }

}

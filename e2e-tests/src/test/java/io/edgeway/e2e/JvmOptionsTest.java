package io.edgeway.e2e;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml starts the gateway with the optimizing JIT: C1 only cut its throughput several times over. */
class JvmOptionsTest {

    /** Compose's {@code ${VAR:-default}}, with the variable unset. */
    private static final Pattern DEFAULT = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}");

    @Test
    void composeStartsTheGatewayWithTheOptimizingJit() throws Exception {
        String options = composeJavaOptions("edge-gateway");
        assertThat(options).contains("-XX:+UseSerialGC").doesNotContain("TieredStopAtLevel");
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

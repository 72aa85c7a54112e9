package io.edgeway.security.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * The secrets a service declares under {@code edgeway.secrets} (property name: the environment variable that sets
 * it), and which of them hold a demo value: empty, or starting with {@code demo-}.
 */
public final class DemoSecrets {

    /** The profile under which demo secrets are allowed. */
    public static final String DEMO_PROFILE = "demo";

    /** Where a service lists its secrets, one line each: {@code edgeway.secrets.<property>: <ENV_VAR>}. */
    public static final String PREFIX = "edgeway.secrets";

    /** How every demo secret in the repository begins. */
    public static final String DEMO_VALUE_PREFIX = "demo-";

    private DemoSecrets() {
    }

    /** One declared secret that holds a demo value or none. */
    public record Finding(String property, String environmentVariable, boolean empty) {

        /** What to tell the operator. */
        public String message() {
            return environmentVariable + (empty ? " is not set" : " is the demo secret")
                    + "; set it, or run with the " + DEMO_PROFILE + " profile (it sets " + property + ")";
        }
    }

    /** The declared secrets (property to environment variable), sorted by property. */
    public static Map<String, String> declared(ConfigurableEnvironment environment) {
        return new TreeMap<>(Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    /** The declared secrets whose value is empty or a demo one. */
    public static List<Finding> find(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        List<Finding> findings = new ArrayList<>();
        declared(environment).forEach((property, variable) -> {
            String value = binder.bind(property, String.class).orElse("");
            if (value.isBlank()) {
                findings.add(new Finding(property, variable, true));
            }
            else if (value.startsWith(DEMO_VALUE_PREFIX)) {
                findings.add(new Finding(property, variable, false));
            }
        });
        return findings;
    }

    public static boolean demoProfileActive(ConfigurableEnvironment environment) {
        return environment.acceptsProfiles(Profiles.of(DEMO_PROFILE));
    }
}

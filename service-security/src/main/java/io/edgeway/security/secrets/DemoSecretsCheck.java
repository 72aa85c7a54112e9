package io.edgeway.security.secrets;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start a service whose declared secrets ({@link DemoSecrets}) are empty or demo values, unless the
 * {@code demo} profile is on; under it, names them in a warning. Runs after the config data (the config server's
 * included) is loaded.
 */
public final class DemoSecretsCheck implements EnvironmentPostProcessor, Ordered {

    /** After the config data and every other post-processor, so that the values are final. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

    private final Log logger;

    public DemoSecretsCheck(DeferredLogFactory logFactory) {
        this.logger = logFactory.getLog(DemoSecretsCheck.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<DemoSecrets.Finding> findings = DemoSecrets.find(environment);
        if (findings.isEmpty()) {
            return;
        }
        if (!DemoSecrets.demoProfileActive(environment)) {
            throw new DemoSecretsRefused(findings);
        }
        logger.warn("Demo profile: running with demo secrets, for a laptop only: " + findings.stream()
                .map(DemoSecrets.Finding::environmentVariable).distinct().collect(Collectors.joining(", ")));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

package io.edgeway.security.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link DemoSecretsRefused} into a start-up report that names each variable to set. */
public final class DemoSecretsFailureAnalyzer extends AbstractFailureAnalyzer<DemoSecretsRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DemoSecretsRefused cause) {
        return new FailureAnalysis("Refusing to start with demo or missing secrets:\n" + cause.getMessage(),
                "Set each variable named above to a secret of your own, or start with the '"
                        + DemoSecrets.DEMO_PROFILE + "' profile (for example SPRING_PROFILES_INCLUDE="
                        + DemoSecrets.DEMO_PROFILE + ") on a laptop.",
                cause);
    }
}

package io.edgeway.security.secrets;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when a service outside the demo profile holds a demo secret or none. */
public final class DemoSecretsRefused extends IllegalStateException {

    private final List<DemoSecrets.Finding> findings;

    public DemoSecretsRefused(List<DemoSecrets.Finding> findings) {
        super(findings.stream().map(DemoSecrets.Finding::message).collect(Collectors.joining("\n")));
        this.findings = List.copyOf(findings);
    }

    public List<DemoSecrets.Finding> findings() {
        return findings;
    }
}

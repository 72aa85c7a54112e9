package io.edgeway.gateway.revision;

import java.time.Instant;
import java.util.List;

/**
 * What this gateway runs: the commit, where its config came from, and the last commit it refused and why.
 *
 * @param source {@code config-server}, or {@code local-cache} when the gateway started while the server was down
 */
public record AppliedRevision(String commit, String source, Instant appliedAt, Refused lastRefused) {

    /** A commit this gateway would not apply. */
    public record Refused(String commit, Instant at, List<String> problems) {
    }
}

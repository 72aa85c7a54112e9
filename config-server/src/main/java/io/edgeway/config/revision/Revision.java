package io.edgeway.config.revision;

import java.time.Instant;
import java.util.List;

/** A commit of the config repository and the verdict on it: published when {@code problems} is empty. */
public record Revision(String commit, Instant checkedAt, List<String> problems) {

    public Revision {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}

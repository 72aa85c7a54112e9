package io.edgeway.config.revision;

import java.time.Instant;
import java.util.List;

/**
 * A commit of the config repository and the verdict on it: published when {@code problems} is empty. Its
 * {@code traceparent} (W3C) names the span that checked it ({@link PublishSpans}), so that a client's apply of the
 * commit joins that trace; null when tracing is off.
 */
public record Revision(String commit, Instant checkedAt, List<String> problems, String traceparent) {

    public Revision {
        problems = List.copyOf(problems);
    }

    public Revision(String commit, Instant checkedAt, List<String> problems) {
        this(commit, checkedAt, problems, null);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}

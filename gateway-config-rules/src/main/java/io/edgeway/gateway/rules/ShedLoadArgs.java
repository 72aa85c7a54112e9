package io.edgeway.gateway.rules;

import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.Problems;

/**
 * Arguments of {@code ShedLoad}: the route's requests are admitted only while its backend keeps up, lowest priority
 * refused first.
 */
public class ShedLoadArgs extends FilterArgs {

    /** {@code critical}, {@code default} or {@code best-effort}. */
    private String priority = "default";

    /** Limiter to share; by default the route's {@code lb://} service, so routes to one backend share one. */
    private String limiter;

    @Override
    public void validate() {
        Problems problems = Problems.under("");
        try {
            Priority.parse(priority);
        }
        catch (IllegalArgumentException ex) {
            problems.require(false, "priority", "'" + priority + "' is not one of critical, default, best-effort");
        }
        problems.throwIfAny();
    }

    public String getPriority() {
        return priority;
    }

    public void setPriority(String priority) {
        this.priority = priority;
    }

    public String getLimiter() {
        return limiter;
    }

    public void setLimiter(String limiter) {
        this.limiter = limiter;
    }
}

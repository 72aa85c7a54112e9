package io.edgeway.lbadapter.deploy;

import java.time.Duration;
import java.util.List;

/**
 * How a wait ended.
 *
 * @param done    whether every check was done before the deadline
 * @param elapsed from the start of the wait to its end
 * @param polls   how many times every party was asked
 * @param checks  the last answers
 */
public record WaitResult(boolean done, Duration elapsed, int polls, List<Check> checks) {

    /** The checks not done, one line each, for a message. */
    public String pending() {
        return checks.stream().filter(c -> !c.done()).map(c -> c.source() + ": " + c.detail()).reduce((a, b) -> a + "; " + b)
                .orElse("none");
    }
}

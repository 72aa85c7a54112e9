package io.edgeway.gateway.rollout;

/** What one check of a rollout step concludes. */
public enum Verdict {

    /** The canary keeps to the service level, as far as the data can tell with enough of it. */
    PASS,

    /** The canary is worse than the service level allows, at the plan's confidence. */
    FAIL,

    /** Too little data to say either: the step holds, neither advancing nor rolling back. */
    NOT_ENOUGH_DATA
}

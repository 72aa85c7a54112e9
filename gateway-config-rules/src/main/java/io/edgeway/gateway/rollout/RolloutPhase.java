package io.edgeway.gateway.rollout;

/** Where a rollout stands. */
public enum RolloutPhase {

    /** Walking the steps: the weight is the current step's. */
    RUNNING,

    /** The last step passed: the weight stays at it until a commit records the promotion. */
    COMPLETED,

    /** A check failed: the canary weight is 0 until a commit changes the plan or the canary version. */
    ROLLED_BACK,

    /** A weight committed by hand: it wins, and the rollout does nothing until a new plan or canary version. */
    OVERRIDDEN
}

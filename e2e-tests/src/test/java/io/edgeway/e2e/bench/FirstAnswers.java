package io.edgeway.e2e.bench;

/**
 * What one gateway answered on a new route's path, polled from before the commit: the first answer of any kind (the
 * poller is polling), the first that is neither 404 (no route yet) nor no answer at all (the gateway runs the route),
 * and the first 200 (the route is live). Times are {@link System#nanoTime()}; one poller thread writes, others read.
 */
final class FirstAnswers {

    /** The status of a request that got no answer (refused, reset, timed out), as curl's 000. */
    static final int NO_ANSWER = -1;

    static final long NEVER = Long.MIN_VALUE;

    private volatile long firstAnswer = NEVER;

    private volatile long matched = NEVER;

    private volatile int matchedStatus;

    private volatile long ok = NEVER;

    /** Records one answer; true once the route answered 200 (polling can stop). */
    boolean answer(long nanos, int status) {
        if (firstAnswer == NEVER) {
            firstAnswer = nanos;
        }
        if (status != 404 && status != NO_ANSWER && matched == NEVER) {
            matchedStatus = status;
            matched = nanos;
        }
        if (status == 200 && ok == NEVER) {
            ok = nanos;
        }
        return ok != NEVER;
    }

    boolean polling() {
        return firstAnswer != NEVER;
    }

    boolean live() {
        return ok != NEVER;
    }

    /** The sample of this gateway for a commit made at {@code commitNanos}. */
    PushSamples.Sample sample(String path, String commit, long commitNanos, boolean overBudget) {
        return new PushSamples.Sample(path, commit, millisAfter(ok, commitNanos),
                matched != NEVER && matchedStatus != 200, millisAfter(matched, commitNanos), overBudget);
    }

    /** "1234" ms after the commit, or "missed"; with the first status when the route answered something else first. */
    String describe(long commitNanos) {
        if (ok == NEVER) {
            return "missed";
        }
        String first = matched != NEVER && matchedStatus != 200
                ? "(" + matchedStatus + " from " + millisAfter(matched, commitNanos) + ")" : "";
        return millisAfter(ok, commitNanos) + first;
    }

    private static long millisAfter(long nanos, long commitNanos) {
        return nanos == NEVER ? PushSamples.Sample.MISSED : (nanos - commitNanos) / 1_000_000;
    }
}

package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers the canary benchmark's users got in one run, and what they say: when the canary's first bad answer
 * came, how many users the canary served before the rollback, and whether stickiness held (per gateway: a user the
 * canary served is never moved back to stable while that gateway still runs the canary weight, and no one is served
 * by the canary once it runs weight 0). Times are {@link System#nanoTime()}. The gateway split a request somewhere
 * between when it was due (the open-loop schedule) and when its answer came; on a loaded machine that can be seconds,
 * so a move is only counted against stickiness when the whole of that interval lies on the wrong side of the
 * gateway's weight change.
 */
final class CanaryAnswers {

    /** One answer: due and received times, user, gateway index, status (-1: none), serving version (null: unknown). */
    record Answer(long dueNanos, long receivedNanos, int user, int gateway, int status, String version) {

        boolean error() {
            return status >= 500 || status < 0;
        }
    }

    /**
     * What stickiness looked like in a run.
     *
     * @param movedBack users served by the canary, then by stable through a gateway that still ran the canary weight
     * @param movedToCanary users served by stable, then by the canary, while the weight was not to rise
     * @param canaryAfterRollback users served by the canary through a gateway already seen at weight 0
     * @param flippedWhileRollingBack users served canary, stable, canary again while the gateways took the rollback
     *        one by one (allowed: each gateway is right by its own weight; reported)
     * @param examples a few offending users with their answers
     */
    record Stickiness(int movedBack, int movedToCanary, int canaryAfterRollback, int flippedWhileRollingBack,
            List<String> examples) {

        boolean held() {
            return movedBack == 0 && movedToCanary == 0 && canaryAfterRollback == 0;
        }

        int violations() {
            return movedBack + movedToCanary + canaryAfterRollback;
        }
    }

    private final List<Answer> answers;

    private final String stable;

    private final String canary;

    CanaryAnswers(List<Answer> answers, String stable, String canary) {
        this.answers = answers.stream().sorted(Comparator.comparingLong(Answer::dueNanos)).toList();
        this.stable = stable;
        this.canary = canary;
    }

    int size() {
        return answers.size();
    }

    /**
     * When the first answer with {@code status} (the fault switch's 500, not the gateway's own 502-504 or a timeout)
     * to a request due at or after {@code from} was received.
     */
    OptionalLong firstWithStatus(int status, long from) {
        return answers.stream().filter(a -> a.dueNanos() >= from && a.status() == status)
                .mapToLong(Answer::receivedNanos).min();
    }

    /** When the first answer by {@code version} to a request due at or after {@code from} was received. */
    OptionalLong firstServedBy(String version, long from) {
        return answers.stream().filter(a -> a.dueNanos() >= from && version.equals(a.version()))
                .mapToLong(Answer::receivedNanos).min();
    }

    /**
     * Distinct users served by {@code version} with requests due in {@code [from, before)}, or answered with
     * {@code status} (a bad canary's 500 names no version; 0: none).
     */
    int usersServedBy(String version, int status, long from, long before) {
        Set<Integer> users = new HashSet<>();
        answers.stream().filter(a -> a.dueNanos() >= from && a.dueNanos() < before
                && (version.equals(a.version()) || a.status() == status)).forEach(a -> users.add(a.user()));
        return users.size();
    }

    /** Distinct users answered with {@code status} to a request due in {@code [from, before)}. */
    int usersWithStatus(int status, long from, long before) {
        Set<Integer> users = new HashSet<>();
        answers.stream().filter(a -> a.dueNanos() >= from && a.dueNanos() < before && a.status() == status)
                .forEach(a -> users.add(a.user()));
        return users.size();
    }

    /** How many answers of each status (-1: none within the timeout) requests due in {@code [from, before)} got. */
    Map<Integer, Long> statuses(long from, long before) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        answers.stream().filter(a -> a.dueNanos() >= from && a.dueNanos() < before)
                .forEach(a -> counts.merge(a.status(), 1L, Long::sum));
        return counts;
    }

    /** Answers with a status other than 200 to requests due in {@code [from, before)}. */
    long failed(long from, long before) {
        return answers.stream().filter(a -> a.dueNanos() >= from && a.dueNanos() < before && a.status() != 200)
                .count();
    }

    /**
     * Stickiness by each gateway's own weight. {@code keepUntil[g]}: until then gateway g surely ran a canary weight
     * above 0 ({@code Long.MAX_VALUE}: it never left it); {@code zeroFrom[g]}: from then on it surely ran weight 0
     * ({@code Long.MAX_VALUE}: never). {@code raises}: whether the weight rose in the run (users then move from
     * stable to the canary, as they may).
     */
    Stickiness stickiness(long[] keepUntil, long[] zeroFrom, boolean raises) {
        Map<Integer, List<Answer>> byUser = new HashMap<>();
        for (Answer answer : answers) {
            if (answer.version() != null) {
                byUser.computeIfAbsent(answer.user(), u -> new ArrayList<>()).add(answer);
            }
        }
        Set<Integer> movedBack = new TreeSet<>();
        Set<Integer> movedToCanary = new TreeSet<>();
        Set<Integer> afterRollback = new TreeSet<>();
        Set<Integer> flipped = new TreeSet<>();
        for (Map.Entry<Integer, List<Answer>> entry : byUser.entrySet()) {
            int user = entry.getKey();
            String last = null;
            boolean backOnStable = false;
            for (Answer answer : entry.getValue()) {
                int g = answer.gateway();
                String version = answer.version();
                if (version.equals(canary) && answer.dueNanos() > zeroFrom[g]) {
                    afterRollback.add(user);
                }
                if (canary.equals(last) && version.equals(stable)) {
                    if (answer.receivedNanos() < keepUntil[g]) {
                        movedBack.add(user);
                    }
                    else {
                        backOnStable = true;
                    }
                }
                if (stable.equals(last) && version.equals(canary)) {
                    if (backOnStable) {
                        flipped.add(user);
                    }
                    else if (!raises && answer.receivedNanos() < keepUntil[g]) {
                        movedToCanary.add(user);
                    }
                }
                last = version;
            }
        }
        List<String> examples = new ArrayList<>();
        Set<Integer> offenders = new TreeSet<>(movedBack);
        offenders.addAll(movedToCanary);
        offenders.addAll(afterRollback);
        offenders.stream().limit(3).forEach(user -> examples.add("user-" + user + ": " + byUser.get(user).stream()
                .map(a -> a.version() + "@g" + a.gateway()).toList()));
        return new Stickiness(movedBack.size(), movedToCanary.size(), afterRollback.size(), flipped.size(), examples);
    }
}

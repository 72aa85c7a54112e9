package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempts of every measured round ({@code bench/lib/cpu.sh}'s attempts.tsv: path, round, attempt, neighbours
 * ms/s, ok or over), and the line that says which rounds went over the neighbour budget and what became of them.
 */
final class RoundAttempts {

    private record Round(String name, List<String> neighbours, List<String> statuses) {

        boolean everOver() {
            return statuses.contains("over");
        }

        boolean keptOver() {
            return statuses.get(statuses.size() - 1).equals("over");
        }
    }

    private final Map<String, Round> rounds = new LinkedHashMap<>();

    RoundAttempts(TsvFile attempts) {
        List<String> paths = attempts.column("path");
        List<String> numbers = attempts.column("round");
        List<String> neighbours = attempts.column("neighbours_ms_s");
        List<String> statuses = attempts.column("status");
        for (int i = 0; i < paths.size(); i++) {
            String name = paths.get(i) + " round " + numbers.get(i);
            Round round = rounds.computeIfAbsent(name, n -> new Round(n, new ArrayList<>(), new ArrayList<>()));
            round.neighbours().add(neighbours.get(i));
            round.statuses().add(statuses.get(i));
        }
    }

    /** "Rounds over the neighbour budget (B ms/s): none of N." or which were repeated and which kept flagged. */
    String overBudget(String budget) {
        List<String> notes = new ArrayList<>();
        int repeated = 0;
        int flagged = 0;
        for (Round round : rounds.values()) {
            if (!round.everOver()) {
                continue;
            }
            int attempts = round.statuses().size();
            repeated += attempts > 1 ? 1 : 0;
            flagged += round.keptOver() ? 1 : 0;
            notes.add(round.name() + ": neighbours " + String.join(", ", round.neighbours()) + " ms/s ("
                    + (round.keptOver() ? "kept, flagged" : "kept attempt " + attempts + " (ok)") + ")");
        }
        if (notes.isEmpty()) {
            return "Rounds over the neighbour budget (" + budget + " ms/s): none of " + rounds.size() + ".";
        }
        return "**Rounds over the neighbour budget (" + budget + " ms/s): " + repeated + " of " + rounds.size()
                + " repeated, " + flagged + " kept flagged** — " + String.join("; ", notes) + ".";
    }
}

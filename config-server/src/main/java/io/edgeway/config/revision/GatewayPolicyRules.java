package io.edgeway.config.revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's traffic-policy settings a commit may not break (auth, shedding, retry, rate-limit store, and the
 * Canary and ShedLoad route arguments), checked on the config server before publication. The gateway checks them again, with its own types,
 * before it applies a commit; these rules refuse the commit earlier, for every gateway at once.
 */
final class GatewayPolicyRules {

    private static final String GATEWAY = "edgeway.gateway.";

    private static final Set<String> PRIORITIES = Set.of("critical", "default", "best-effort", "best_effort");

    private GatewayPolicyRules() {
    }

    /** Problems in the gateway-wide settings of one file (flat keys). */
    static List<String> checkSettings(String path, Map<String, String> flat) {
        List<String> problems = new ArrayList<>();
        String algorithm = flat.get(GATEWAY + "shedding.algorithm");
        if (concrete(algorithm) && !Set.of("gradient2", "vegas").contains(algorithm.trim().toLowerCase(Locale.ROOT))) {
            problems.add(path + ": edgeway.gateway.shedding.algorithm must be gradient2 or vegas, not " + algorithm);
        }
        Double min = number(flat, "shedding.min-limit", problems, path);
        Double initial = number(flat, "shedding.initial-limit", problems, path);
        Double max = number(flat, "shedding.max-limit", problems, path);
        if ((min != null && min < 1) || (min != null && initial != null && min > initial)
                || (initial != null && max != null && initial > max)) {
            problems.add(path + ": edgeway.gateway.shedding needs 1 <= min-limit <= initial-limit <= max-limit");
        }
        for (String share : List.of("critical", "default", "best-effort")) {
            Double value = number(flat, "shedding.admit." + share, problems, path);
            if (value != null && !(value > 0 && value <= 1)) {
                problems.add(path + ": edgeway.gateway.shedding.admit." + share + " must be in (0, 1]");
            }
        }
        flat.forEach((key, value) -> {
            if (key.startsWith(GATEWAY + "auth.algorithms") && concrete(value)) {
                for (String each : value.split(",")) {
                    String upper = each.trim().toUpperCase(Locale.ROOT);
                    if (!(upper.startsWith("RS") || upper.startsWith("PS") || upper.startsWith("ES"))) {
                        problems.add(path + ": " + key + ": " + each.trim()
                                + " is not an asymmetric signature algorithm (use RS*, PS* or ES*)");
                    }
                }
            }
            if (key.startsWith(GATEWAY + "retry.methods") && concrete(value)
                    && value.toUpperCase(Locale.ROOT).matches(".*\\b(POST|PATCH)\\b.*")) {
                problems.add(path + ": " + key + ": POST and PATCH are not idempotent and are never retried");
            }
        });
        String store = flat.get(GATEWAY + "rate-limit.store");
        if (concrete(store) && !Set.of("local", "redis").contains(store.trim().toLowerCase(Locale.ROOT))) {
            problems.add(path + ": edgeway.gateway.rate-limit.store must be local or redis, not " + store);
        }
        String access = flat.get(GATEWAY + "auth.default-access");
        if (concrete(access) && !Set.of("public", "authenticated").contains(access.trim().toLowerCase(Locale.ROOT))) {
            problems.add(path + ": edgeway.gateway.auth.default-access must be public or authenticated, not " + access);
        }
        return problems;
    }

    /** Problems in the arguments of one route filter ({@code args} are the route's keys under the filter). */
    static List<String> checkFilter(String where, String name, String[] shortcut, Map<String, String> args) {
        List<String> problems = new ArrayList<>();
        if (name.equals("Canary")) {
            String weight = shortcut.length >= 3 ? shortcut[2] : args.get("weight");
            if (weight != null) {
                RevisionValidator.checkWeight(where + ", Canary", weight, problems);
            }
        }
        if (name.equals("ShedLoad")) {
            String priority = shortcut.length >= 1 ? shortcut[0] : args.get("priority");
            if (concrete(priority) && !PRIORITIES.contains(priority.trim().toLowerCase(Locale.ROOT))) {
                problems.add(where + ", ShedLoad: priority '" + priority.trim()
                        + "' is not one of critical, default, best-effort");
            }
        }
        return problems;
    }

    private static Double number(Map<String, String> flat, String key, List<String> problems, String path) {
        String value = flat.get(GATEWAY + key);
        if (!concrete(value)) {
            return null;
        }
        try {
            return Double.parseDouble(value.trim());
        }
        catch (NumberFormatException ex) {
            problems.add(path + ": " + GATEWAY + key + ": '" + value + "' is not a number");
            return null;
        }
    }

    /** Set and not a placeholder, which only the gateway's environment can resolve. */
    private static boolean concrete(String value) {
        return value != null && !value.isBlank() && !value.contains("${");
    }
}

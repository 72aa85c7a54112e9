package io.edgeway.lbadapter.vip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgeway.gateway.rollout.RolloutTarget;
import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.edgeway.gateway.rules.CanaryArgs;
import io.edgeway.gateway.rules.Definition;
import io.edgeway.gateway.rules.RouteRules;

/**
 * The canary splits of the gateway's config by application: every route to {@code lb://APP} with a {@code Canary}
 * filter, with the weight a gateway applies to it, the rollout controller's while it is for this route's rollout and
 * committed weight (as {@code RolloutWeight} says), else the committed one. When several routes split the same
 * application, the first route in the list is followed. Reads the config as the config server serves it, the way
 * the rollout controller does. Pure: no I/O.
 */
public final class CanarySplits {

    private static final Pattern FILTER_KEY = Pattern.compile(Pattern.quote(RouteRules.ROUTES)
            + "\\[(\\d+)]\\.filters\\[(\\d+)](?:\\.(name|args\\.(.+)))?");

    private CanarySplits() {
    }

    /**
     * @param propertySources the gateway's config, highest precedence first (as the config server serves it)
     * @param commit          the commit it is of, for the plans
     * @param overlay         the rollout controller's weights
     * @param now             when the splits apply (a scheduled raise takes effect at its switch time)
     * @return the split of each application (lower case) that has one
     */
    public static Map<String, CanarySplit> of(List<Map<?, ?>> propertySources, String commit, WeightOverlay overlay,
            Instant now) {
        Map<String, String> flat = new LinkedHashMap<>();
        List<Map<?, ?>> lowestFirst = new ArrayList<>(propertySources);
        Collections.reverse(lowestFirst);
        lowestFirst.forEach(source -> source.forEach((key, value) -> flat.put(String.valueOf(key),
                value == null ? "" : String.valueOf(value))));
        Map<String, CanarySplit> splits = new LinkedHashMap<>();
        Map<Integer, Map<Integer, Definition>> filters = filters(flat);
        for (Map.Entry<Integer, Map<Integer, Definition>> route : filters.entrySet()) {
            String prefix = RouteRules.ROUTES + "[" + route.getKey() + "].";
            String uri = flat.getOrDefault(prefix + "uri", "").trim();
            String id = flat.getOrDefault(prefix + "id", "").trim();
            if (!uri.regionMatches(true, 0, "lb://", 0, 5)) {
                continue;
            }
            String application = uri.substring(5).toLowerCase(Locale.ROOT);
            for (Definition filter : route.getValue().values()) {
                if (!filter.name().equals(RouteRules.CANARY.name()) || splits.containsKey(application)) {
                    continue;
                }
                CanaryArgs args;
                try {
                    args = RouteRules.CANARY.bind(filter);
                }
                catch (RuntimeException e) {
                    // A published commit passed the rules; a filter that does not bind here is not followed.
                    continue;
                }
                args.setRouteId(id);
                splits.put(application, split(args, id, commit, overlay, now));
            }
        }
        return splits;
    }

    private static CanarySplit split(CanaryArgs args, String route, String commit, WeightOverlay overlay,
            Instant now) {
        String committed = commit == null ? "committed" : "commit " + commit.substring(0, Math.min(7, commit.length()));
        RolloutWeight set = overlay.routes().get(route);
        RolloutWeight inForce = set == null ? null : set.at(now);
        String identity = args.rolloutTarget().map(RolloutTarget::identity).orElse(null);
        if (inForce != null && inForce.identity().equals(identity) && inForce.committedWeight() == args.getWeight()) {
            return new CanarySplit(route, args.getStable(), args.getCanary(), inForce.weight(),
                    "rollout step " + inForce.stepId() + " over " + committed);
        }
        return new CanarySplit(route, args.getStable(), args.getCanary(), args.getWeight(), committed);
    }

    /** The filters of each route, by route index and filter index: shortcuts and name-with-arguments alike. */
    private static Map<Integer, Map<Integer, Definition>> filters(Map<String, String> flat) {
        Map<Integer, Map<Integer, String>> names = new TreeMap<>();
        Map<Integer, Map<Integer, Map<String, String>>> args = new TreeMap<>();
        flat.forEach((key, value) -> {
            Matcher m = FILTER_KEY.matcher(key);
            if (!m.matches()) {
                return;
            }
            int route = Integer.parseInt(m.group(1));
            int index = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                if (!value.isEmpty()) {
                    Definition shortcut = Definition.parse(value);
                    names.computeIfAbsent(route, r -> new TreeMap<>()).put(index, shortcut.name());
                    args.computeIfAbsent(route, r -> new TreeMap<>()).put(index, shortcut.args());
                }
            }
            else if (m.group(3).equals("name")) {
                names.computeIfAbsent(route, r -> new TreeMap<>()).put(index, value.trim());
            }
            else {
                args.computeIfAbsent(route, r -> new TreeMap<>()).computeIfAbsent(index, i -> new LinkedHashMap<>())
                        .put(m.group(4), value);
            }
        });
        Map<Integer, Map<Integer, Definition>> filters = new TreeMap<>();
        names.forEach((route, byIndex) -> byIndex.forEach((index, name) -> filters
                .computeIfAbsent(route, r -> new TreeMap<>()).put(index, new Definition(name,
                        args.getOrDefault(route, Map.of()).getOrDefault(index, Map.of())))));
        return filters;
    }
}

package io.edgeway.e2e.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * One Eureka client's local copy of the registry, kept as the real {@code DiscoveryClient} keeps it: replaced by a
 * full fetch, then changed by each delta (ADDED and MODIFIED replace an instance, DELETED removes it), and checked
 * against the server's {@code apps__hashcode} after every delta; a mismatch means the caller must fetch in full.
 * Only what the benchmark looks at is kept: every instance's status, by application and instance id.
 */
final class RegistryView {

    private final Map<String, Map<String, String>> apps = new HashMap<>();

    /** Replaces the view with a full fetch's {@code applications} document. */
    synchronized void replace(JsonNode root) {
        apps.clear();
        instances(root).forEach(i -> put(i.app(), i.id(), i.status()));
    }

    /**
     * Applies a delta's {@code applications} document; returns whether the view's reconcile hash code then equals
     * the server's (false: fetch in full, as the real client does).
     */
    synchronized boolean applyDelta(JsonNode root) {
        instances(root).forEach(i -> {
            if ("DELETED".equals(i.action())) {
                Map<String, String> app = apps.get(i.app());
                if (app != null) {
                    app.remove(i.id());
                    if (app.isEmpty()) {
                        apps.remove(i.app());
                    }
                }
            }
            else {
                put(i.app(), i.id(), i.status());
            }
        });
        return reconcileHashCode().equals(applications(root).path("apps__hashcode").asString(""));
    }

    /** Eureka's reconcile hash code: each status with its instance count, in status order, e.g. {@code DOWN_1_UP_9_}. */
    synchronized String reconcileHashCode() {
        Map<String, Integer> counts = new TreeMap<>();
        apps.values().forEach(app -> app.values().forEach(status -> counts.merge(status, 1, Integer::sum)));
        StringBuilder hash = new StringBuilder();
        counts.forEach((status, count) -> hash.append(status).append('_').append(count).append('_'));
        return hash.toString();
    }

    /** The status this view holds for an instance, or null if it does not list it. */
    synchronized String status(String app, String instanceId) {
        Map<String, String> instances = apps.get(app.toUpperCase());
        return instances == null ? null : instances.get(instanceId);
    }

    synchronized int instanceCount() {
        return apps.values().stream().mapToInt(Map::size).sum();
    }

    private void put(String app, String id, String status) {
        apps.computeIfAbsent(app, k -> new HashMap<>()).put(id, status);
    }

    record Instance(String app, String id, String status, String action) {
    }

    /** Every instance of an {@code applications} document; Eureka's JSON has a list, or one object when single. */
    static Stream<Instance> instances(JsonNode root) {
        return elements(applications(root).path("application")).flatMap(app -> {
            String name = app.path("name").asString("").toUpperCase();
            return elements(app.path("instance")).map(i -> new Instance(name, i.path("instanceId").asString(),
                    i.path("status").asString("UNKNOWN"), i.path("actionType").asString("")));
        });
    }

    private static JsonNode applications(JsonNode root) {
        return root.has("applications") ? root.path("applications") : root;
    }

    private static Stream<JsonNode> elements(JsonNode node) {
        if (node.isArray()) {
            return node.valueStream();
        }
        return node.isObject() ? Stream.of(node) : Stream.empty();
    }
}

package io.edgeway.emulators.nitro;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;

/**
 * The query options of a NITRO call (spec B.3): {@code action}, {@code idempotent}, {@code bulkbindings},
 * {@code args}, and the {@code filter}, {@code attrs}, {@code count} and paging a GET applies to its list.
 *
 * @param params the query parameters, URL-decoded
 */
record NitroQuery(Map<String, String> params) {

    /** No options: what a {@code stat} GET applies, whatever its query says. */
    static final NitroQuery NONE = new NitroQuery(Map.of());

    NitroQuery {
        params = Map.copyOf(params);
    }

    String action() {
        return params.get("action");
    }

    /** {@code ?idempotent=yes}: an add of an existing object updates it. */
    boolean idempotent() {
        return "yes".equals(params.get("idempotent"));
    }

    /** {@code ?bulkbindings=yes}: a binding GET without a name lists the bindings of every object. */
    boolean bulkBindings() {
        return "yes".equals(params.get("bulkbindings"));
    }

    /** The {@code args} of a DELETE: {@code k:v,k2:v2}. */
    Map<String, String> args() {
        return pairs(params.get("args"));
    }

    /** A GET body with {@code filter}, {@code count}, paging and {@code attrs} applied; no key at all when empty. */
    Response list(String type, List<Map<String, Object>> items) {
        List<Map<String, Object>> shown = items;
        Map<String, String> filter = pairs(params.get("filter"));
        if (!filter.isEmpty()) {
            shown = shown.stream().filter(item -> filter.entrySet().stream()
                    .allMatch(f -> f.getValue().equals(String.valueOf(item.get(f.getKey()))))).toList();
        }
        Map<String, Object> body = NitroDone.body();
        if ("yes".equals(params.get("count"))) {
            body.put(type, List.of(Json.object("__count", shown.size())));
            return Response.json(200, body);
        }
        if (params.containsKey("pagesize")) {
            int size = Integer.parseInt(params.get("pagesize"));
            int page = Integer.parseInt(params.getOrDefault("pageno", "1"));
            int from = Math.min(shown.size(), (page - 1) * size);
            shown = shown.subList(from, Math.min(shown.size(), from + size));
        }
        if (params.containsKey("attrs")) {
            List<String> attrs = Arrays.asList(params.get("attrs").split(","));
            shown = shown.stream().map(item -> Json.select(item, attrs)).toList();
        }
        if (!shown.isEmpty()) {
            body.put(type, shown);
        }
        return Response.json(200, body);
    }

    /** {@code k:v,k2:v2}; a value may itself contain ':' (IPv6) and may be URL-encoded once more. */
    private static Map<String, String> pairs(String text) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return parsed;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                parsed.put(pair.substring(0, colon).trim(), Request.decodeSegment(pair.substring(colon + 1).trim(), 1));
            }
        }
        return parsed;
    }
}

package io.edgeway.emulators.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The emulators' one JSON mapper, plus small helpers for building ordered response bodies. */
public final class Json {

    /** Missing numbers read as 0, so {@code PUT /emulator/faults} takes just the knobs it sets. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private Json() {
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** An insertion-ordered map from alternating keys and values, so bodies read like the vendor's. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Only the given fields of a body item, in the item's own order: NITRO {@code attrs}, F5 {@code $select}. */
    public static Map<String, Object> select(Map<String, Object> item, Collection<String> fields) {
        Map<String, Object> selected = new LinkedHashMap<>();
        item.forEach((key, value) -> {
            if (fields.contains(key)) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    /** The elements of an array node, or the node itself when it is a single object. */
    public static List<JsonNode> oneOrMany(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        }
        else {
            items.add(node);
        }
        return items;
    }

    /** A text or number field as text, or null when absent. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    /** A text or number field as text, unless it is absent or blank: a required argument. */
    public static Optional<String> nonBlankText(JsonNode node, String field) {
        String value = text(node, field);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}

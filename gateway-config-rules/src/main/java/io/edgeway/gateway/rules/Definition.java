package io.edgeway.gateway.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.StringUtils;

/**
 * One predicate or filter of a route: its name and its arguments. Shortcut arguments ({@code Name=a, b}) are kept
 * as Spring Cloud Gateway keeps them, under {@code _genkey_0}, {@code _genkey_1}...; {@link #named(List)} gives
 * them their names.
 *
 * @param name the factory's name, e.g. {@code Canary}
 * @param args the arguments, by name or by shortcut position
 */
public record Definition(String name, Map<String, String> args) {

    static final String SHORTCUT_KEY = "_genkey_";

    public Definition {
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** Parses the shortcut form {@code Name=a, b, c} as Spring Cloud Gateway does (values trimmed, empty ones dropped). */
    public static Definition parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            return new Definition(text.trim(), Map.of());
        }
        Map<String, String> args = new LinkedHashMap<>();
        String[] values = StringUtils.tokenizeToStringArray(text.substring(eq + 1), ",");
        for (int i = 0; i < values.length; i++) {
            args.put(SHORTCUT_KEY + i, values[i]);
        }
        return new Definition(text.substring(0, eq).trim(), args);
    }

    /** The arguments by name: shortcut positions take the names of {@code fieldOrder}, in order. */
    public Map<String, String> named(List<String> fieldOrder) {
        Map<String, String> named = new LinkedHashMap<>();
        args.forEach((key, value) -> {
            if (key.startsWith(SHORTCUT_KEY)) {
                int index = Integer.parseInt(key.substring(SHORTCUT_KEY.length()));
                named.put(index < fieldOrder.size() ? fieldOrder.get(index) : key, value);
            }
            else {
                named.put(key, value);
            }
        });
        return named;
    }
}

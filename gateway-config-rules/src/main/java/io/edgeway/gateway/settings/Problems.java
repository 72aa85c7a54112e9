package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with one settings record (or one filter's arguments), so that every problem is reported at
 * once, each as {@code key: why} with the key as written in YAML.
 */
public final class Problems {

    private final String prefix;

    private final List<String> problems = new ArrayList<>();

    private Problems(String prefix) {
        this.prefix = prefix;
    }

    /** Problems of the keys under {@code prefix} (empty: keys as they are, for route arguments). */
    public static Problems under(String prefix) {
        return new Problems(prefix);
    }

    /** Notes {@code why} against {@code key} (relative to the prefix; empty: the prefix itself) unless {@code ok}. */
    public Problems require(boolean ok, String key, String why) {
        if (!ok) {
            problems.add(key(key) + ": " + why);
        }
        return this;
    }

    /** The full key of {@code key}. */
    public String key(String key) {
        if (key.isEmpty()) {
            return prefix;
        }
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** Longer than zero ({@code Duration.isPositive} is Java 18). */
    public static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** Throws {@link InvalidConfigException} with every problem noted, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }
}

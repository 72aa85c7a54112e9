package io.edgeway.gateway.settings;

import java.util.Locale;

/** Priority classes for load shedding: under overload the lowest class is refused first. */
public enum Priority {

    CRITICAL, DEFAULT, BEST_EFFORT;

    /** Parses {@code critical}, {@code default} or {@code best-effort} (any case, {@code _} or {@code -}). */
    public static Priority parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new IllegalArgumentException("priority '" + value + "' is not one of critical, default, best-effort");
        }
    }

    /** The name used in config, headers and metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.edgeway.gateway.settings;

import java.util.Locale;

/** Who may use a route: anyone, or callers with a valid token. */
public enum AccessLevel {

    PUBLIC, AUTHENTICATED;

    /** Parses {@code public} or {@code authenticated} (any case). */
    public static AccessLevel parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new IllegalArgumentException("route access '" + value + "' is not one of public, authenticated");
        }
    }
}

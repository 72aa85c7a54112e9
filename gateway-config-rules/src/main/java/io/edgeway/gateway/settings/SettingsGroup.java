package io.edgeway.gateway.settings;

import org.springframework.boot.context.properties.bind.Binder;

/**
 * One group of gateway settings: the record bound from every key under its prefix.
 *
 * @param prefix where the settings live, e.g. {@code edgeway.gateway.shedding}
 * @param type the record they bind to, which refuses invalid values in its constructor
 */
public record SettingsGroup<T>(String prefix, Class<T> type) {

    /** Binds the group from these properties; throws when a value does not convert or the record refuses it. */
    public T bind(Binder binder) {
        return binder.bindOrCreate(prefix, type);
    }
}

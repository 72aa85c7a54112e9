package io.edgeway.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.edgeway.gateway.settings.SettingsGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * A typed properties record that follows the environment: bound at start and bound again after every config
 * refresh that changes a key under its prefix.
 *
 * <p>Spring Cloud re-binds mutable {@code @ConfigurationProperties} beans on refresh, but not records; this keeps
 * the records and still applies a refresh without a restart. A refresh whose values do not bind (for example a
 * negative weight) is logged and leaves the previous values in force.
 */
public final class LiveProperties<T> implements ApplicationListener<EnvironmentChangeEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(LiveProperties.class);

    private final Environment environment;

    private final SettingsGroup<T> group;

    private final String prefix;

    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

    private volatile T current;

    public LiveProperties(Environment environment, SettingsGroup<T> group) {
        this.environment = environment;
        this.group = group;
        this.prefix = group.prefix();
        this.current = bind();
    }

    /** The values in force now. */
    public T get() {
        return current;
    }

    /** Calls the listener with every new value after a refresh (not with the current one). */
    public void onChange(Consumer<T> listener) {
        listeners.add(listener);
    }

    /** Before the routes are rebuilt, which is the lowest precedence. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().noneMatch(key -> key.startsWith(prefix + "."))) {
            return;
        }
        T next;
        try {
            next = bind();
        }
        catch (RuntimeException ex) {
            log.error("Refreshed settings under {} are invalid; keeping the previous ones: {}", prefix,
                    ex.getMessage());
            return;
        }
        current = next;
        log.info("Applied refreshed settings under {}", prefix);
        listeners.forEach(listener -> listener.accept(next));
    }

    private T bind() {
        return group.bind(Binder.get(environment));
    }
}

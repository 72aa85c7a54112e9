package io.edgeway.gateway.revision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The property sources that hold the config-repo's files in a gateway's environment, named as Spring Cloud's config
 * client names them ({@code configserver:<file>} plus {@code configClient} with the version), or, when they came
 * from the local cache, {@code configcache:<file>}.
 */
final class ConfigPropertySources {

    static final String SERVER_PREFIX = "configserver:";

    static final String CACHE_PREFIX = "configcache:";

    static final String CLIENT = "configClient";

    static final String VERSION = "config.client.version";

    private ConfigPropertySources() {
    }

    static boolean isConfig(PropertySource<?> source) {
        return source.getName().startsWith(SERVER_PREFIX) || source.getName().startsWith(CACHE_PREFIX)
                || source.getName().equals(CLIENT);
    }

    /** The property sources for a served config, highest precedence first. */
    static List<PropertySource<?>> of(ServedConfig config, String prefix) {
        List<PropertySource<?>> sources = new ArrayList<>();
        for (ServedConfig.Source source : config.propertySources()) {
            sources.add(new OriginTrackedMapPropertySource(prefix + source.name(), new HashMap<>(source.source()), true));
        }
        Map<String, Object> client = new HashMap<>();
        if (config.version() != null) {
            client.put(VERSION, config.version());
        }
        sources.add(new MapPropertySource(CLIENT, client));
        return sources;
    }

    /**
     * Puts {@code replacement} where the current config sources are (or, when there are none, before the source
     * named {@code before}); returns the keys whose values changed.
     */
    static Set<String> replace(MutablePropertySources sources, List<PropertySource<?>> replacement, String before) {
        Map<String, Object> old = values(sources);
        String predecessor = null;
        boolean found = false;
        List<String> stale = new ArrayList<>();
        for (PropertySource<?> source : sources) {
            if (isConfig(source)) {
                found = true;
                stale.add(source.getName());
            }
            else if (!found) {
                predecessor = source.getName();
            }
        }
        stale.forEach(sources::remove);
        if (found && predecessor != null) {
            for (PropertySource<?> source : replacement) {
                sources.addAfter(predecessor, source);
                predecessor = source.getName();
            }
        }
        else if (found) {
            for (int i = replacement.size() - 1; i >= 0; i--) {
                sources.addFirst(replacement.get(i));
            }
        }
        else {
            replacement.forEach(source -> {
                if (before != null && sources.contains(before)) {
                    sources.addBefore(before, source);
                }
                else {
                    sources.addLast(source);
                }
            });
        }
        Map<String, Object> now = values(sources);
        Set<String> changed = new HashSet<>(old.keySet());
        changed.addAll(now.keySet());
        changed.removeIf(key -> Objects.equals(old.get(key), now.get(key)));
        return changed;
    }

    /** The config sources of an environment as the config server served them; for the cache. */
    static ServedConfig served(MutablePropertySources sources, String application, String version) {
        List<ServedConfig.Source> served = new ArrayList<>();
        for (PropertySource<?> source : sources) {
            String name = source.getName();
            if ((name.startsWith(SERVER_PREFIX) || name.startsWith(CACHE_PREFIX))
                    && source instanceof EnumerablePropertySource<?> enumerable) {
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (String key : enumerable.getPropertyNames()) {
                    values.put(key, String.valueOf(enumerable.getProperty(key)));
                }
                served.add(new ServedConfig.Source(name.substring(name.indexOf(':') + 1), values));
            }
        }
        return new ServedConfig(application, version, served);
    }

    private static Map<String, Object> values(MutablePropertySources sources) {
        Map<String, Object> values = new HashMap<>();
        for (PropertySource<?> source : sources) {
            if (isConfig(source) && source instanceof EnumerablePropertySource<?> enumerable) {
                for (String key : enumerable.getPropertyNames()) {
                    values.putIfAbsent(key, enumerable.getProperty(key));
                }
            }
        }
        return values;
    }
}

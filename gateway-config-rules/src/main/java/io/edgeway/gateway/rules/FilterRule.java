package io.edgeway.gateway.rules;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.edgeway.gateway.settings.GatewaySettings;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * One of edge-gateway's own route filters: the name routes write, the order of its shortcut arguments, and its
 * arguments, which check themselves. The gateway's filter factory takes all three from here.
 *
 * @param name the name in YAML ({@code Canary=...}, {@code name: Canary})
 * @param shortcutFieldOrder which argument each shortcut position is
 * @param args a new, empty set of the filter's arguments
 */
public record FilterRule<A extends FilterArgs>(String name, List<String> shortcutFieldOrder, Supplier<A> args) {

    public FilterRule {
        shortcutFieldOrder = List.copyOf(shortcutFieldOrder);
    }

    /** A filter's arguments as a route writes them, bound and checked; throws if they are wrong. */
    public A bind(Definition definition) {
        A bound = args.get();
        new Binder(new MapConfigurationPropertySource(definition.named(shortcutFieldOrder))).bind("",
                Bindable.ofInstance(bound));
        bound.validate();
        return bound;
    }

    /** What is wrong with a filter's arguments as a route writes them, each as {@code argument: why}. */
    public List<String> check(Definition definition) {
        Map<String, String> named = definition.named(shortcutFieldOrder);
        if (named.keySet().stream().anyMatch(key -> key.startsWith(Definition.SHORTCUT_KEY))) {
            return List.of("takes at most " + shortcutFieldOrder.size() + " arguments in shortcut form ("
                    + String.join(", ", shortcutFieldOrder) + "); name the others under args");
        }
        A bound = args.get();
        try {
            new Binder(new MapConfigurationPropertySource(named)).bind("", Bindable.ofInstance(bound));
            bound.validate();
            return List.of();
        }
        catch (RuntimeException ex) {
            return GatewaySettings.describe("args", ex);
        }
    }
}

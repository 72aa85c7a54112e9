package io.edgeway.gateway.settings;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The keys the settings groups under {@value EdgeGatewayProperties#PREFIX} bind, read from their records: a key that
 * none of them binds is a typo, which binding alone would ignore while the default stays in force.
 */
final class SettingsKeys {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(EdgeGatewayProperties.PREFIX);

    private SettingsKeys() {
    }

    /** {@code key: why} for every key under the prefix that no group binds; keys elsewhere are not looked at. */
    static List<String> unknown(Collection<String> keys, List<SettingsGroup<?>> groups) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(key, '.');
            if (!ROOT.isAncestorOf(name)) {
                continue;
            }
            Optional<SettingsGroup<?>> group = groups.stream()
                    .filter(g -> ConfigurationPropertyName.of(g.prefix()).isAncestorOf(name)
                            || ConfigurationPropertyName.of(g.prefix()).equals(name))
                    .max(Comparator.comparingInt(g -> ConfigurationPropertyName.of(g.prefix()).getNumberOfElements()));
            int start = group.map(g -> ConfigurationPropertyName.of(g.prefix()).getNumberOfElements())
                    .orElse(ROOT.getNumberOfElements());
            String at = group.isEmpty() ? EdgeGatewayProperties.PREFIX : unknownPart(name, start, group.get().type());
            if (at != null) {
                problems.add(key + ": unknown setting (" + at + " has " + String.join(", ", namesUnder(at, groups)) + ")");
            }
        }
        return problems;
    }

    /** {@code null} when the type binds the name from element {@code index} on; else the deepest known parent. */
    private static String unknownPart(ConfigurationPropertyName name, int index, Type type) {
        if (index == name.getNumberOfElements()) {
            return null;
        }
        Class<?> raw = raw(type);
        if (Map.class.isAssignableFrom(raw)) {
            return unknownPart(name, index + 1, typeArgument(type, 1));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return name.isNumericIndex(index) ? unknownPart(name, index + 1, typeArgument(type, 0)) : parent(name, index);
        }
        if (!raw.isRecord()) {
            return parent(name, index);
        }
        String element = name.getElement(index, Form.UNIFORM);
        for (RecordComponent component : raw.getRecordComponents()) {
            if (uniform(propertyName(component)).equals(element)) {
                return unknownPart(name, index + 1, component.getGenericType());
            }
        }
        return parent(name, index);
    }

    /** The keys a record at {@code path} has, for the message. */
    private static List<String> namesUnder(String path, List<SettingsGroup<?>> groups) {
        TreeSet<String> names = new TreeSet<>();
        ConfigurationPropertyName at = ConfigurationPropertyName.of(path);
        for (SettingsGroup<?> group : groups) {
            ConfigurationPropertyName prefix = ConfigurationPropertyName.of(group.prefix());
            if (at.isParentOf(prefix)) {
                names.add(prefix.getLastElement(Form.DASHED));
            }
            if (prefix.equals(at) || prefix.isAncestorOf(at)) {
                Type type = group.type();
                for (int i = prefix.getNumberOfElements(); i < at.getNumberOfElements() && type != null; i++) {
                    type = componentType(raw(type), at.getElement(i, Form.UNIFORM));
                }
                if (type != null && raw(type).isRecord()) {
                    for (RecordComponent component : raw(type).getRecordComponents()) {
                        names.add(dashed(propertyName(component)));
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static Type componentType(Class<?> record, String uniformName) {
        if (!record.isRecord()) {
            return null;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            if (uniform(propertyName(component)).equals(uniformName)) {
                return component.getGenericType();
            }
        }
        return null;
    }

    private static String parent(ConfigurationPropertyName name, int index) {
        return name.chop(index).toString();
    }

    /** The component's key: its name, or the {@code @Name} on its canonical constructor's parameter. */
    private static String propertyName(RecordComponent component) {
        Class<?> record = component.getDeclaringRecord();
        RecordComponent[] components = record.getRecordComponents();
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Parameter[] parameters = record.getDeclaredConstructor(types).getParameters();
            for (int i = 0; i < components.length; i++) {
                Name name = parameters[i].getAnnotation(Name.class);
                if (components[i].getName().equals(component.getName()) && name != null) {
                    return name.value();
                }
            }
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalStateException("a record has its canonical constructor", ex);
        }
        return component.getName();
    }

    private static String uniform(String javaName) {
        return ConfigurationPropertyName.adapt(javaName, '.').getElement(0, Form.UNIFORM);
    }

    private static String dashed(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[index]
                : Object.class;
    }
}

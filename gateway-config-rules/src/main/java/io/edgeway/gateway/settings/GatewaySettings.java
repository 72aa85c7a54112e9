package io.edgeway.gateway.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;

/**
 * Every group of settings under {@code edgeway.gateway}: the gateway binds exactly these (and re-binds them after a
 * config change), and a candidate config is checked by binding them all. A new group added here is checked by the
 * config server and by every gateway.
 */
public final class GatewaySettings {

    public static final SettingsGroup<EdgeGatewayProperties> GATEWAY = new SettingsGroup<>(EdgeGatewayProperties.PREFIX,
            EdgeGatewayProperties.class);

    public static final SettingsGroup<AuthProperties> AUTH = new SettingsGroup<>(AuthProperties.PREFIX,
            AuthProperties.class);

    public static final SettingsGroup<SheddingProperties> SHEDDING = new SettingsGroup<>(SheddingProperties.PREFIX,
            SheddingProperties.class);

    public static final SettingsGroup<RateLimitProperties> RATE_LIMIT = new SettingsGroup<>(RateLimitProperties.PREFIX,
            RateLimitProperties.class);

    public static final SettingsGroup<OutlierProperties> OUTLIER = new SettingsGroup<>(OutlierProperties.PREFIX,
            OutlierProperties.class);

    public static final SettingsGroup<CircuitBreakerProperties> CIRCUIT_BREAKER = new SettingsGroup<>(
            CircuitBreakerProperties.PREFIX, CircuitBreakerProperties.class);

    public static final SettingsGroup<InstanceNetworksProperties> INSTANCES = new SettingsGroup<>(
            InstanceNetworksProperties.PREFIX, InstanceNetworksProperties.class);

    public static final SettingsGroup<CanaryProperties> CANARY = new SettingsGroup<>(CanaryProperties.PREFIX,
            CanaryProperties.class);

    public static final SettingsGroup<RouteTargetProperties> ROUTE_TARGETS = new SettingsGroup<>(
            RouteTargetProperties.PREFIX, RouteTargetProperties.class);

    public static final SettingsGroup<ClientRequestProperties> CLIENT_REQUESTS = new SettingsGroup<>(
            ClientRequestProperties.PREFIX, ClientRequestProperties.class);

    public static final SettingsGroup<PublicRouteProperties> PUBLIC_ROUTES = new SettingsGroup<>(
            PublicRouteProperties.PREFIX, PublicRouteProperties.class);

    public static final SettingsGroup<TlsProperties> TLS = new SettingsGroup<>(TlsProperties.PREFIX,
            TlsProperties.class);

    public static final SettingsGroup<AccessLogProperties> ACCESS_LOG = new SettingsGroup<>(AccessLogProperties.PREFIX,
            AccessLogProperties.class);

    public static final List<SettingsGroup<?>> ALL = List.of(GATEWAY, AUTH, SHEDDING, RATE_LIMIT, OUTLIER,
            CIRCUIT_BREAKER, INSTANCES, CANARY, ROUTE_TARGETS, CLIENT_REQUESTS, PUBLIC_ROUTES, TLS, ACCESS_LOG);

    private GatewaySettings() {
    }

    /** What is wrong with the settings these properties hold, each as {@code key: why}; empty when all bind. */
    public static List<String> check(Binder binder) {
        return check(binder, ALL);
    }

    /**
     * As {@link #check(Binder)}, for the groups that hold one of {@code changedKeys} only: a gateway checking a new
     * commit against the one it runs knows the other groups bind, as they did when it applied that one.
     */
    public static List<String> check(Binder binder, Collection<String> changedKeys) {
        List<ConfigurationPropertyName> changed = changedKeys.stream()
                .map(key -> ConfigurationPropertyName.adapt(key, '.')).toList();
        return check(binder, ALL.stream().filter(group -> {
            ConfigurationPropertyName prefix = ConfigurationPropertyName.of(group.prefix());
            return changed.stream().anyMatch(key -> prefix.isAncestorOf(key) || prefix.equals(key));
        }).toList());
    }

    /**
     * {@code key: why} for every key under {@code edgeway.gateway} among these that no group binds: a misspelt key
     * would otherwise leave its default in force without a word.
     */
    public static List<String> unknownKeys(Collection<String> keys) {
        return SettingsKeys.unknown(keys, ALL);
    }

    private static List<String> check(Binder binder, List<SettingsGroup<?>> groups) {
        List<String> problems = new ArrayList<>();
        for (SettingsGroup<?> group : groups) {
            try {
                group.bind(binder);
            }
            catch (RuntimeException ex) {
                problems.addAll(describe(group.prefix(), ex));
            }
        }
        return problems;
    }

    /**
     * Says which key is wrong and why, for a failure to bind the settings (or arguments) under {@code prefix}: the
     * record's own problems, or the value that did not convert and what was expected.
     */
    public static List<String> describe(String prefix, Throwable failure) {
        ConfigurationProperty property = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BindException bind && bind.getProperty() != null) {
                property = bind.getProperty();
            }
            if (cause instanceof ConversionFailedException conversion) {
                String key = property != null ? property.getName().toString() : prefix;
                Object value = property != null ? property.getValue() : conversion.getValue();
                return List.of(key + ": '" + value + "' " + expected(conversion.getTargetType()));
            }
            if (cause instanceof InvalidConfigException invalid) {
                return invalid.problems();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String key = property != null ? property.getName().toString() : prefix;
        return List.of(key + ": " + root.getMessage());
    }

    private static String expected(TypeDescriptor target) {
        Class<?> type = target.getObjectType();
        if (type.isEnum()) {
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            return "is not " + String.join(", ", names.subList(0, names.size() - 1))
                    + (names.size() > 1 ? " or " : "") + names.get(names.size() - 1);
        }
        String what = switch (type.getSimpleName()) {
            case "Integer", "Long", "Short" -> "a whole number";
            case "Double", "Float", "BigDecimal" -> "a number";
            case "Boolean" -> "true or false";
            case "Duration" -> "a duration (500ms, 10s, 5m)";
            case "DataSize" -> "a size (64KB, 1MB)";
            case "URI", "URL" -> "a URI";
            default -> "a " + type.getSimpleName();
        };
        return "is not " + what;
    }
}

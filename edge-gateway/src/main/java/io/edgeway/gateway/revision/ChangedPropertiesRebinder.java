package io.edgeway.gateway.revision;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Re-binds only the {@code @ConfigurationProperties} beans whose prefix holds a changed key.
 *
 * <p>Spring Cloud's rebinder re-initialises every such bean (well over a hundred in the gateway) on each config
 * change; a commit that moves a canary weight only needs the gateway's route properties re-bound. A bean for which
 * the caller already holds a bound copy (the route properties its check of the candidate bound) takes that copy's
 * values instead of being bound a second time.
 */
@Component
class ChangedPropertiesRebinder {

    private static final ConfigurationPropertyName EVERYTHING = ConfigurationPropertyName.EMPTY;

    private final ConfigurationPropertiesRebinder rebinder;

    private final ApplicationContext context;

    private final Map<String, ConfigurationPropertyName> prefixByBean = new ConcurrentHashMap<>();

    ChangedPropertiesRebinder(ConfigurationPropertiesRebinder rebinder, ApplicationContext context) {
        this.rebinder = rebinder;
        this.context = context;
    }

    /** Re-binds the beans under any of these keys, or copies into them an object of their class; returns their names. */
    Collection<String> rebind(Collection<String> changedKeys, Object... alreadyBound) {
        List<ConfigurationPropertyName> changed = changedKeys.stream()
                .map(key -> ConfigurationPropertyName.adapt(key, '.')).toList();
        TreeSet<String> rebound = new TreeSet<>();
        for (String bean : rebinder.getBeanNames()) {
            ConfigurationPropertyName prefix = prefixByBean.computeIfAbsent(bean, this::prefixOf);
            if (changed.stream().anyMatch(key -> prefix.equals(key) || prefix.isAncestorOf(key) || key.isAncestorOf(prefix))
                    && (copied(bean, alreadyBound) || rebinder.rebind(bean))) {
                rebound.add(bean);
            }
        }
        return rebound;
    }

    private boolean copied(String name, Object[] alreadyBound) {
        Object bean = context.getBean(name);
        for (Object bound : alreadyBound) {
            if (bound.getClass() == bean.getClass() && !AopUtils.isAopProxy(bean)) {
                BeanUtils.copyProperties(bound, bean);
                return true;
            }
        }
        return false;
    }

    private ConfigurationPropertyName prefixOf(String bean) {
        ConfigurationProperties annotation = context.findAnnotationOnBean(bean, ConfigurationProperties.class);
        if (annotation == null) {
            return EVERYTHING; // unknown: re-bound on every change, as Spring Cloud would
        }
        String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
        return prefix.isEmpty() ? EVERYTHING : ConfigurationPropertyName.of(prefix);
    }
}

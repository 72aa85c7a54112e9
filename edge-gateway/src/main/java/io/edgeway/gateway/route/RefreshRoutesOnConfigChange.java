package io.edgeway.gateway.route;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the routes when the config changes, and only then.
 *
 * <p>Replaces Spring Cloud Gateway's {@code RouteRefreshListener} (switched off in application.yml), which also
 * rebuilds every route on each Eureka registry fetch: every second with our discovery tuning, and from Eureka's
 * own thread, which during start-up deadlocks with the main thread creating the same route beans. Routes here are
 * static {@code lb://} URIs; instances are looked up per request, so a fetch never needs a rebuild.
 */
@Component
class RefreshRoutesOnConfigChange {

    private final ApplicationEventPublisher publisher;

    RefreshRoutesOnConfigChange(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    // After the settings records (LiveProperties) re-bind: a filter may read them when it is built.
    @EventListener(EnvironmentChangeEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void configChanged() {
        publisher.publishEvent(new RefreshRoutesEvent(this));
    }
}

package io.edgeway.gateway.route;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.stereotype.Component;

/**
 * Builds each route once. Checking a config commit reuses the running route of every definition the commit leaves
 * unchanged ({@link #running}) and builds only the others; applying it then takes the routes the check built instead
 * of building every route again ({@link #offer}). An offer serves the one route refresh that follows it, and only when
 * the gateway's route definitions are the very objects the routes were built from; any other refresh builds as usual.
 */
@Component
public class CheckedRoutes implements BeanPostProcessor {

    // Spring Cloud Gateway's locator that builds routes from their definitions.
    private static final String LOCATOR = "routeDefinitionRouteLocator";

    private final ObjectProvider<RouteDefinitionLocator> definitions;

    private final AtomicReference<Offer> offer = new AtomicReference<>();

    private volatile Map<String, Running> running = Map.of();

    CheckedRoutes(ObjectProvider<RouteDefinitionLocator> definitions) {
        this.definitions = definitions;
    }

    /** Offers routes built from these definitions, in their order, to the next route refresh. */
    public void offer(List<RouteDefinition> builtFrom, List<Route> routes) {
        offer.set(builtFrom.size() == routes.size() ? new Offer(List.copyOf(builtFrom), List.copyOf(routes)) : null);
    }

    /** The route the gateway runs for a definition equal to this one, or null. */
    public Route running(RouteDefinition definition) {
        Running route = running.get(definition.getId());
        return route != null && route.definition().equals(definition) ? route.route() : null;
    }

    /** Withdraws an offer that no refresh took. */
    public void withdraw() {
        offer.set(null);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof RouteLocator locator && LOCATOR.equals(name) ? new Locator(locator) : bean;
    }

    private record Running(RouteDefinition definition, Route route) {
    }

    private record Offer(List<RouteDefinition> definitions, List<Route> routes) {

        boolean builtFrom(List<RouteDefinition> current) {
            if (current.size() != definitions.size()) {
                return false;
            }
            for (int i = 0; i < current.size(); i++) {
                if (current.get(i) != definitions.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final class Locator implements RouteLocator {

        private final RouteLocator builder;

        Locator(RouteLocator builder) {
            this.builder = builder;
        }

        @Override
        public Flux<Route> getRoutes() {
            Offer taken = offer.getAndSet(null);
            return definitions.getObject().getRouteDefinitions().collectList().flatMapMany(current -> {
                Flux<Route> routes = taken != null && taken.builtFrom(current) ? Flux.fromIterable(taken.routes())
                        : builder.getRoutes();
                return routes.collectList().doOnNext(built -> remember(current, built)).flatMapIterable(built -> built);
            });
        }

        private void remember(List<RouteDefinition> current, List<Route> built) {
            Map<String, RouteDefinition> byId = new HashMap<>();
            current.forEach(definition -> byId.put(definition.getId(), definition));
            Map<String, Running> now = new HashMap<>();
            for (Route route : built) {
                RouteDefinition definition = byId.get(route.getId());
                if (definition != null) {
                    now.put(route.getId(), new Running(definition, route));
                }
            }
            running = Map.copyOf(now);
        }
    }
}

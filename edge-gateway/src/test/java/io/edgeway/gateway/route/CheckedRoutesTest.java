package io.edgeway.gateway.route;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;

import static org.assertj.core.api.Assertions.assertThat;

class CheckedRoutesTest {

    private final List<RouteDefinition> definitions = new ArrayList<>(List.of(definition("one"), definition("two")));

    private final AtomicInteger builds = new AtomicInteger();

    private final CheckedRoutes checked = checkedRoutes();

    private final RouteLocator locator = (RouteLocator) checked.postProcessAfterInitialization(
            (RouteLocator) () -> {
                builds.incrementAndGet();
                return Flux.fromIterable(definitions).map(CheckedRoutesTest::route);
            }, "routeDefinitionRouteLocator");

    @Test
    void theRefreshAfterAnOfferTakesTheOfferedRoutesOnce() {
        List<Route> offered = definitions.stream().map(CheckedRoutesTest::route).toList();
        checked.offer(definitions, offered);

        assertThat(locator.getRoutes().collectList().block()).containsExactlyElementsOf(offered);
        assertThat(builds).as("nothing built").hasValue(0);

        assertThat(locator.getRoutes().collectList().block()).extracting(Route::getId).containsExactly("one", "two");
        assertThat(builds).as("the next refresh builds").hasValue(1);
    }

    @Test
    void routesBuiltFromOtherDefinitionsAreNotTaken() {
        List<RouteDefinition> equalButOthers = List.of(definition("one"), definition("two"));
        checked.offer(equalButOthers, equalButOthers.stream().map(CheckedRoutesTest::route).toList());

        locator.getRoutes().collectList().block();

        assertThat(builds).hasValue(1);
    }

    @Test
    void aWithdrawnOfferIsNotTaken() {
        checked.offer(definitions, definitions.stream().map(CheckedRoutesTest::route).toList());
        checked.withdraw();

        locator.getRoutes().collectList().block();

        assertThat(builds).hasValue(1);
    }

    @Test
    void theRoutesOfTheLastRefreshAreRunningForEqualDefinitionsOnly() {
        List<Route> built = locator.getRoutes().collectList().block();

        assertThat(checked.running(definition("one"))).isSameAs(built.get(0));
        RouteDefinition changed = definition("two");
        changed.setUri(URI.create("http://127.0.0.1:2"));
        assertThat(checked.running(changed)).isNull();
        assertThat(checked.running(definition("three"))).isNull();
    }

    @Test
    void otherLocatorsAreLeftAlone() {
        RouteLocator other = Flux::empty;

        assertThat(checked.postProcessAfterInitialization(other, "customRouteLocator")).isSameAs(other);
    }

    private CheckedRoutes checkedRoutes() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("routeDefinitionLocator", (RouteDefinitionLocator) () -> Flux.fromIterable(definitions));
        return new CheckedRoutes(beans.getBeanProvider(RouteDefinitionLocator.class));
    }

    private static RouteDefinition definition(String id) {
        RouteDefinition definition = new RouteDefinition("Path=/" + id);
        definition.setId(id);
        definition.setUri(URI.create("http://127.0.0.1:1"));
        return definition;
    }

    private static Route route(RouteDefinition definition) {
        return Route.async().id(definition.getId()).uri(definition.getUri()).predicate(exchange -> true).build();
    }
}

package io.edgeway.gateway.support;

import org.springframework.cloud.gateway.support.HasRouteId;

/** Base of a route filter's arguments: Spring Cloud Gateway fills in the id of the route the filter is on. */
public abstract class RouteFilterConfig implements HasRouteId {

    private String routeId;

    @Override
    public String getRouteId() {
        return routeId;
    }

    @Override
    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }
}

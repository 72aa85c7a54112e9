package io.edgeway.gateway.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The gateway's settings as of the last config change: re-bound on every refresh, because Spring Cloud's rebinder
 * leaves constructor-bound records such as {@link EdgeGatewayProperties} as they were at start-up.
 */
@Component
public class EdgeGatewaySettings implements ApplicationListener<EnvironmentChangeEvent> {

    private final Environment environment;

    private volatile EdgeGatewayProperties current;

    EdgeGatewaySettings(Environment environment) {
        this.environment = environment;
        this.current = bind();
    }

    public EdgeGatewayProperties current() {
        return current;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        current = bind();
    }

    private EdgeGatewayProperties bind() {
        return Binder.get(environment).bindOrCreate(EdgeGatewayProperties.PREFIX, EdgeGatewayProperties.class);
    }
}

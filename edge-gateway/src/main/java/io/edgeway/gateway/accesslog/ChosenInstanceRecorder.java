package io.edgeway.gateway.accesslog;

import io.edgeway.gateway.canary.CanaryInstanceFilter;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/** Notes in the request's {@link AccessRecord} the instance and version each attempt was balanced to. */
public final class ChosenInstanceRecorder implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> chosen = exchange
                .getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen != null && chosen.hasServer()) {
            ServiceInstance instance = chosen.getServer();
            AccessRecord.chose(exchange, instance.getHost() + ":" + instance.getPort(),
                    instance.getMetadata().get(CanaryInstanceFilter.VERSION_KEY));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}

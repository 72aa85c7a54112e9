package io.edgeway.gateway.loadbalancer;

import io.edgeway.gateway.accesslog.AccessRecord;
import io.edgeway.gateway.canary.CanaryInstanceFilter;
import io.edgeway.gateway.metrics.RequestOutcome;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts each attempt on a balanced instance in {@link InFlightRequests}, from right after the load balancer chose
 * it until the instance's response has arrived or the attempt failed or was cancelled. One operator both counts
 * and releases ({@code doFinally}), so no outcome can leak a count; {@code LoadBalancerLifecycle} would not do:
 * the gateway calls its {@code onComplete} on success and error, never on cancellation. It also tells the request's
 * {@link RequestOutcome} the version of the instance, for the per-version request metrics, and its
 * {@link AccessRecord} the instance and version of each attempt.
 */
public final class InFlightRequestsFilter implements GlobalFilter, Ordered {

    private final InFlightRequests inFlight;

    public InFlightRequestsFilter(InFlightRequests inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> chosen = exchange
                .getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen == null || !chosen.hasServer()) {
            return chain.filter(exchange);
        }
        ServiceInstance instance = chosen.getServer();
        RequestOutcome.servedBy(exchange, instance, CanaryInstanceFilter.VERSION_KEY);
        AccessRecord.chose(exchange, instance.getHost() + ":" + instance.getPort(),
                instance.getMetadata().get(CanaryInstanceFilter.VERSION_KEY));
        return Mono.defer(() -> {
            inFlight.started(instance);
            return chain.filter(exchange).doOnSuccess(done -> {
                HttpStatusCode status = exchange.getResponse().getStatusCode();
                if (status != null && !status.is5xxServerError()) {
                    inFlight.served(instance);
                }
            }).doFinally(signal -> inFlight.finished(instance));
        });
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}

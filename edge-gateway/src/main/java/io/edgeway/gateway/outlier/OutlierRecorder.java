package io.edgeway.gateway.outlier;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.edgeway.gateway.pool.BackendErrorHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Tells the {@link OutlierDetector} how each attempt on a balanced instance went: an error (refused connection,
 * reset, response timeout) or a 5xx answer is a failure; any other answer a success; a request the client gave up
 * on counts as neither, and so does one that never got a pooled connection to the instance within the acquire
 * timeout ({@code backend_busy}): that is the gateway's own limit, and ejecting the instance for it would only push
 * its load onto the others. Runs right after the load balancer, so every retry attempt counts on its own instance.
 */
public final class OutlierRecorder implements GlobalFilter, Ordered {

    private final OutlierDetector detector;

    private final MeterRegistry meters;

    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public OutlierRecorder(OutlierDetector detector, MeterRegistry meters) {
        this.detector = detector;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen == null || !chosen.hasServer()) {
            return chain.filter(exchange);
        }
        ServiceInstance instance = chosen.getServer();
        return chain.filter(exchange)
                .doOnSuccess(done -> record(instance, serverError(exchange.getResponse().getStatusCode())))
                .doOnError(error -> {
                    if (!BackendErrorHandler.isAcquireTimeout(error)) {
                        record(instance, true);
                    }
                });
    }

    private void record(ServiceInstance instance, boolean failed) {
        String service = instance.getServiceId().toLowerCase(Locale.ROOT); // Eureka's are in capitals
        String id = OutlierInstanceFilter.id(instance);
        if (gauged.add(service)) {
            Gauge.builder("edgeway.outlier.ejected", detector, d -> d.ejectedCount(service)).tag("service", service)
                    .description("Instances out of balancing now").register(meters);
        }
        if (!failed) {
            detector.onSuccess(service, id);
        }
        else if (detector.onFailure(service, id)) {
            meters.counter("edgeway.outlier.ejections", "service", service, "instance", id).increment();
        }
    }

    private static boolean serverError(HttpStatusCode status) {
        return status != null && status.is5xxServerError();
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}

package io.edgeway.gateway.retry;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

import io.edgeway.gateway.support.LiveProperties;

/**
 * {@code Retry}, exactly as Spring Cloud Gateway's, within a {@link RetryBudget} per backend service: once retries
 * have used up their share of the service's requests, failed requests are answered as they are instead of being
 * retried. Replaces the built-in factory (disabled with {@code spring.cloud.gateway.server.webflux.filter.retry
 * .enabled=false} in this module's application.yml), so routes keep writing {@code Retry}.
 */
public class BudgetedRetryGatewayFilterFactory extends RetryGatewayFilterFactory {

    private final LiveProperties<RetryBudgetProperties> properties;

    private final MeterRegistry meters;

    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

    public BudgetedRetryGatewayFilterFactory(LiveProperties<RetryBudgetProperties> properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        properties.onChange(changed -> budgets.clear());
    }

    @Override
    public String name() {
        return "Retry";
    }

    @Override
    public GatewayFilter apply(RetryConfig retryConfig) {
        GatewayFilter retry = super.apply(retryConfig);
        return (exchange, chain) -> {
            budget(exchange).onRequest();
            return retry.filter(exchange, chain);
        };
    }

    /** Called before every retry decision: out of budget counts as out of iterations. */
    @Override
    public boolean exceedsMaxIterations(ServerWebExchange exchange, RetryConfig retryConfig) {
        return super.exceedsMaxIterations(exchange, retryConfig) || !budget(exchange).canRetry();
    }

    /** Called exactly when a retry goes out. */
    @Override
    @SuppressWarnings("deprecation")
    public void reset(ServerWebExchange exchange) {
        String service = service(exchange);
        budget(exchange).onRetry();
        meters.counter("edgeway.retry.retries", "service", service).increment();
        super.reset(exchange);
    }

    /** The budget of the service the request goes to ({@code lb://} host, else the route id). */
    RetryBudget budget(ServerWebExchange exchange) {
        return budgets.computeIfAbsent(service(exchange), this::create);
    }

    private RetryBudget create(String service) {
        Gauge.builder("edgeway.retry.budget.balance", budgets, b -> {
            RetryBudget budget = b.get(service);
            return budget != null ? budget.balance() : Double.NaN;
        }).tag("service", service).description("Retries saved up in the service's budget").register(meters);
        return new RetryBudget(properties.get(), System::nanoTime);
    }

    private static String service(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        URI uri = route != null ? route.getUri() : null;
        if (uri != null && "lb".equals(uri.getScheme()) && uri.getHost() != null) {
            return uri.getHost();
        }
        return route != null ? route.getId() : "unrouted";
    }
}

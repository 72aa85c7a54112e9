package io.edgeway.gateway.config;

import io.edgeway.gateway.retry.BudgetedRetryGatewayFilterFactory;
import io.edgeway.gateway.retry.RetryBudgetProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** {@code Retry} within a retry budget per service, in place of the built-in factory. */
@Configuration(proxyBeanMethods = false)
class RetryBudgetConfig {

    @Bean
    LiveProperties<RetryBudgetProperties> retryBudgetProperties(Environment environment) {
        return new LiveProperties<>(environment, RetryBudgetProperties.PREFIX, RetryBudgetProperties.class);
    }

    @Bean
    BudgetedRetryGatewayFilterFactory budgetedRetryGatewayFilterFactory(
            LiveProperties<RetryBudgetProperties> properties, MeterRegistry meters) {
        return new BudgetedRetryGatewayFilterFactory(properties, meters);
    }
}

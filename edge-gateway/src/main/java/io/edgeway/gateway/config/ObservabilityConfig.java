package io.edgeway.gateway.config;

import io.edgeway.gateway.accesslog.AccessLogFilter;
import io.edgeway.gateway.tracing.TraceContextToBackend;
import io.edgeway.gateway.tracing.TraceIdResponseHeader;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The access log and the trace id in responses; traces themselves are Boot's OpenTelemetry auto-configuration. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfig {

    @Bean
    AccessLogFilter accessLogFilter() {
        return new AccessLogFilter();
    }

    @Bean
    TraceIdResponseHeader traceIdResponseHeader() {
        return new TraceIdResponseHeader();
    }

    @Bean
    TraceContextToBackend traceContextToBackend(ObjectProvider<Propagator> propagator) {
        return new TraceContextToBackend(propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}

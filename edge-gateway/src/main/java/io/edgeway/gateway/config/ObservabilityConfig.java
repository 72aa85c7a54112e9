package io.edgeway.gateway.config;

import io.edgeway.gateway.accesslog.AccessLogFilter;
import io.edgeway.gateway.accesslog.AccessLogOutput;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.tracing.TraceContextToBackend;
import io.edgeway.gateway.tracing.TraceIdResponseHeader;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The access log and the trace id in responses; traces themselves are Boot's OpenTelemetry auto-configuration. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfig {

    /** Read once: the appender lives as long as the process's logging configuration. */
    @Bean
    AccessLogOutput accessLogOutput(Environment environment) {
        return AccessLogOutput.install(GatewaySettings.ACCESS_LOG.bind(Binder.get(environment)));
    }

    @Bean
    AccessLogFilter accessLogFilter(AccessLogOutput output) {
        return new AccessLogFilter(output.rendersKeyValues());
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

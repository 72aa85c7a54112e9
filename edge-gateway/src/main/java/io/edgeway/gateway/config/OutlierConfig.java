package io.edgeway.gateway.config;

import io.edgeway.gateway.outlier.OutlierDetector;
import io.edgeway.gateway.outlier.OutlierRecorder;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.OutlierProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Passive outlier ejection for every {@code lb://} service. */
@Configuration(proxyBeanMethods = false)
class OutlierConfig {

    @Bean
    LiveProperties<OutlierProperties> outlierProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.OUTLIER);
    }

    @Bean
    OutlierDetector outlierDetector(LiveProperties<OutlierProperties> properties) {
        return new OutlierDetector(properties::get, System::nanoTime);
    }

    @Bean
    OutlierRecorder outlierRecorder(OutlierDetector detector, MeterRegistry meters) {
        return new OutlierRecorder(detector, meters);
    }
}

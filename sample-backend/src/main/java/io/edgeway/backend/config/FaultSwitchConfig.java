package io.edgeway.backend.config;

import io.edgeway.backend.fault.FaultSwitch;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fault switch, after Spring Security so its endpoint is authenticated like the L7 switch. */
@Configuration(proxyBeanMethods = false)
class FaultSwitchConfig {

    @Bean
    FaultSwitch faultSwitch(SampleBackendProperties properties) {
        return new FaultSwitch(properties.isFaultSwitch());
    }

    @Bean
    FilterRegistrationBean<FaultSwitch> faultSwitchRegistration(FaultSwitch faultSwitch) {
        FilterRegistrationBean<FaultSwitch> registration = new FilterRegistrationBean<>(faultSwitch);
        registration.setOrder(0);
        return registration;
    }
}

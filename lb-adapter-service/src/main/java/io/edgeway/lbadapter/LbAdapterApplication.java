package io.edgeway.lbadapter;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Mirrors Eureka instances into hardware load-balancer pools. */
@ConfigurationPropertiesScan
@SpringBootApplication
public class LbAdapterApplication {

    public static void main(String[] args) {
        SpringApplication.run(LbAdapterApplication.class, args);
    }
}

package io.edgeway.backend;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The demo service that runs behind the gateway. */
@ConfigurationPropertiesScan
@SpringBootApplication
public class SampleBackendApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleBackendApplication.class, args);
    }
}

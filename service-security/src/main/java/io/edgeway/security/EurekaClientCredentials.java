package io.edgeway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The registry credential a Eureka client sends with every call, kept out of the service URLs (which the Eureka
 * client logs), under {@value #PREFIX}. Each service has its own: the discovery server decides by it what the
 * service may register or read.
 *
 * @param username the discovery server's user: a registrant's application name, or {@code reader}
 * @param password its password
 */
@ConfigurationProperties(EurekaClientCredentials.PREFIX)
public record EurekaClientCredentials(String username, String password) {

    public static final String PREFIX = "edgeway.eureka";

    public EurekaClientCredentials {
        if (username == null || username.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException(PREFIX + ".username and " + PREFIX + ".password: both are required");
        }
    }

    @Override
    public String toString() {
        return "EurekaClientCredentials[username=" + username + "]";
    }
}

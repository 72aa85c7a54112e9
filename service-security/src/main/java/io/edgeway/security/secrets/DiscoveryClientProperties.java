package io.edgeway.security.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The credentials a Eureka client sends to the Eureka server in a basic authentication header, never in its URL.
 *
 * @param username the user; none: no header (a Eureka server without security)
 * @param password its password (a user without one sends an empty password)
 */
@ConfigurationProperties(DiscoveryClientProperties.PREFIX)
public record DiscoveryClientProperties(String username, String password) {

    public static final String PREFIX = "edgeway.discovery-client";

    public DiscoveryClientProperties {
        username = (username == null || username.isBlank()) ? null : username;
        if (username == null && password != null && !password.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + ".password is set without a username");
        }
        password = (password == null) ? "" : password;
    }

    public boolean hasCredentials() {
        return username != null;
    }

    @Override
    public String toString() {
        return "DiscoveryClientProperties[username=" + username + ", password=" + (password.isEmpty() ? "" : "***")
                + "]";
    }
}

package io.edgeway.security.secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Takes the {@code user:password@} out of the Eureka client's service URLs ({@code eureka.client.service-url.*},
 * EUREKA_URL) and into {@code edgeway.discovery-client.username/password}, which reach the server as a basic
 * authentication header only ({@code DiscoveryClientCredentialsAutoConfiguration}). The Eureka client logs its
 * service URL on every failed request. Not in a Eureka server: its peer replication takes credentials from the URLs.
 */
public final class DiscoveryClientUrlCredentials implements EnvironmentPostProcessor, Ordered {

    /** The property source that holds the URLs without credentials, and the credentials; it wins over all others. */
    public static final String PROPERTY_SOURCE = "edgewayDiscoveryClientUrls";

    static final String SERVICE_URL = "eureka.client.service-url";

    static final String EUREKA_SERVER = "org.springframework.cloud.netflix.eureka.server.EurekaServerAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (ClassUtils.isPresent(EUREKA_SERVER, getClass().getClassLoader())) {
            return;
        }
        Map<String, String> zones = Binder.get(environment)
                .bind(SERVICE_URL, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        zones.forEach((zone, urls) -> {
            if (urls.contains("@")) {
                properties.put(SERVICE_URL + "." + zone, Arrays.stream(urls.split(","))
                        .map(url -> withoutUserInfo(url.trim(), properties)).collect(Collectors.joining(",")));
            }
        });
        if (!properties.isEmpty()) {
            environment.getPropertySources().remove(PROPERTY_SOURCE);
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        }
    }

    /** The URL without its user info, which goes (the first one found) into the credential properties. */
    private static String withoutUserInfo(String url, Map<String, Object> properties) {
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException ex) {
            // Without the exception as its cause: its message quotes the whole URL, password included.
            throw new IllegalStateException("Not a URL in " + SERVICE_URL + " (EUREKA_URL): "
                    + url.replaceAll("//[^/]*@", "//***@") + " (" + ex.getReason() + ")");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return url;
        }
        int colon = userInfo.indexOf(':');
        properties.putIfAbsent(DiscoveryClientProperties.PREFIX + ".username",
                decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
        properties.putIfAbsent(DiscoveryClientProperties.PREFIX + ".password",
                (colon < 0) ? "" : decode(userInfo.substring(colon + 1)));
        int at = url.indexOf('@', url.indexOf("//") + 2);
        return url.substring(0, url.indexOf("//") + 2) + url.substring(at + 1);
    }

    private static String decode(String part) {
        // Percent-decoding only: a '+' in a password is a plus, not a space.
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Before {@link DemoSecretsCheck}, which checks the password it moves. */
    @Override
    public int getOrder() {
        return DemoSecretsCheck.ORDER - 1;
    }
}

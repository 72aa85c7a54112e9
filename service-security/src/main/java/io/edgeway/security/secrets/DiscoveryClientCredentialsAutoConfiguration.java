package io.edgeway.security.secrets;

import java.io.IOException;
import java.security.GeneralSecurityException;

import com.netflix.discovery.AbstractDiscoveryClientOptionalArgs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.configuration.TlsProperties;
import org.springframework.cloud.netflix.eureka.config.DiscoveryClientOptionalArgsConfiguration;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.cloud.netflix.eureka.http.RestClientDiscoveryClientOptionalArgs;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.web.client.RestClient;

/**
 * The Eureka client's RestClient transport with {@code edgeway.discovery-client} credentials in a basic
 * authentication header: the service URL, which the client logs, carries none
 * ({@link DiscoveryClientUrlCredentials}). Only the Eureka client's RestClients get the header.
 */
@AutoConfiguration(
        beforeName = "org.springframework.cloud.netflix.eureka.config.DiscoveryClientOptionalArgsConfiguration")
@ConditionalOnClass({ RestClientDiscoveryClientOptionalArgs.class, RestClient.class })
@ConditionalOnProperty(prefix = DiscoveryClientProperties.PREFIX, name = "username")
// The WebClient transport (eureka.client.webclient.enabled) keeps Spring Cloud's own arguments.
@ConditionalOnProperty(prefix = "eureka.client.webclient", name = "enabled", havingValue = "false",
        matchIfMissing = true)
@EnableConfigurationProperties(DiscoveryClientProperties.class)
public final class DiscoveryClientCredentialsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(value = AbstractDiscoveryClientOptionalArgs.class, search = SearchStrategy.CURRENT)
    RestClientDiscoveryClientOptionalArgs credentialsDiscoveryClientOptionalArgs(DiscoveryClientProperties credentials,
            EurekaClientHttpRequestFactorySupplier requestFactories, TlsProperties tlsProperties,
            ObjectProvider<RestClient.Builder> restClientBuilder) throws GeneralSecurityException, IOException {
        RestClientDiscoveryClientOptionalArgs args = new RestClientDiscoveryClientOptionalArgs(requestFactories,
                () -> restClientBuilder.getIfAvailable(RestClient::builder).clone().requestInterceptor(
                        new BasicAuthenticationInterceptor(credentials.username(), credentials.password())));
        DiscoveryClientOptionalArgsConfiguration.setupTLS(args, tlsProperties);
        return args;
    }
}

package io.edgeway.security;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;

/**
 * Every call of the Eureka client (Spring's RestClient transport, the default) carries the service's own
 * {@link EurekaClientCredentials} as HTTP basic authentication, so that {@code eureka.client.service-url} holds
 * plain URLs that every service can share. Credentials written into a URL still win.
 */
@AutoConfiguration
@ConditionalOnClass(EurekaClientHttpRequestFactorySupplier.class)
@ConditionalOnProperty(prefix = EurekaClientCredentials.PREFIX, name = "username")
@EnableConfigurationProperties(EurekaClientCredentials.class)
public final class EurekaClientCredentialsAutoConfiguration {

    @Bean
    static BeanPostProcessor eurekaClientCredentialsPostProcessor(ObjectProvider<EurekaClientCredentials> credentials) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof EurekaClientHttpRequestFactorySupplier supplier)) {
                    return bean;
                }
                EurekaClientCredentials login = credentials.getObject();
                BasicAuthenticationInterceptor basic = new BasicAuthenticationInterceptor(login.username(),
                        login.password());
                return (EurekaClientHttpRequestFactorySupplier) (sslContext, hostnameVerifier) ->
                        new InterceptingClientHttpRequestFactory(supplier.get(sslContext, hostnameVerifier),
                                List.of(basic));
            }
        };
    }
}

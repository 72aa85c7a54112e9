package io.edgeway.config.config;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import io.edgeway.config.revision.CommitEnvironmentCache;
import io.edgeway.config.revision.ConfigRevisions;
import io.edgeway.config.revision.UnpublishedConfigGuard;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.config.environment.Environment;
import org.springframework.cloud.config.server.environment.EnvironmentController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Polls the repository for new commits, keeps revision streams alive, answers for a commit from memory, and serves
 * no config while no commit is published.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ConfigPushProperties.class)
class ConfigPushConfig {

    /**
     * Pre-built answers come from Spring Cloud Config's own controller and Spring MVC's own message converters, so
     * they are what a request for them would have been answered (a test compares them byte for byte).
     */
    @Bean
    CommitEnvironmentCache commitEnvironmentCache(ObjectProvider<EnvironmentController> controller,
            ObjectProvider<RequestMappingHandlerAdapter> mvc, MeterRegistry meters) {
        MediaType json = MediaType.parseMediaType(CommitEnvironmentCache.PREBUILT_ACCEPT);
        return new CommitEnvironmentCache(256, (application, profiles, commit) -> {
            Environment environment = controller.getObject().labelled(application, profiles, commit);
            return write(environment, json, mvc.getObject());
        }, meters);
    }

    /** After Spring Security's filter chain (order -100), so cached answers are only given to authenticated clients. */
    @Bean
    FilterRegistrationBean<CommitEnvironmentCache> commitEnvironmentCacheRegistration(CommitEnvironmentCache cache) {
        FilterRegistrationBean<CommitEnvironmentCache> registration = new FilterRegistrationBean<>(cache);
        registration.setOrder(0);
        return registration;
    }

    /** After Spring Security, so only authenticated clients learn why; before the cache, so it serves nothing either. */
    @Bean
    FilterRegistrationBean<UnpublishedConfigGuard> unpublishedConfigGuardRegistration(ConfigRevisions revisions) {
        FilterRegistrationBean<UnpublishedConfigGuard> registration = new FilterRegistrationBean<>(
                new UnpublishedConfigGuard(revisions));
        registration.setOrder(-1);
        return registration;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static CommitEnvironmentCache.Answer write(Environment environment, MediaType type,
            RequestMappingHandlerAdapter mvc) throws Exception {
        for (HttpMessageConverter converter : mvc.getMessageConverters()) {
            if (converter.canWrite(Environment.class, type)) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                HttpHeaders headers = new HttpHeaders();
                converter.write(environment, type, new HttpOutputMessage() {
                    @Override
                    public OutputStream getBody() {
                        return body;
                    }

                    @Override
                    public HttpHeaders getHeaders() {
                        return headers;
                    }
                });
                MediaType written = headers.getContentType();
                return new CommitEnvironmentCache.Answer((written == null ? type : written).toString(), body.toByteArray());
            }
        }
        throw new IllegalStateException("no message converter writes " + type);
    }
}

package io.edgeway.discovery.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.netflix.discovery.Jersey3DiscoveryClientOptionalArgs;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.netflix.eureka.server.ReplicationClientAdditionalFilters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * Nodes of a cluster call each other (replication, and their own Eureka client's fetches and registration) with the
 * {@code peer} credential in a header, so that {@code EUREKA_PEERS}, whose URLs Eureka logs on every failed call,
 * holds no password.
 */
@Configuration(proxyBeanMethods = false)
class PeerReplicationCredentials {

    @Bean
    ReplicationClientAdditionalFilters replicationClientAdditionalFilters(DiscoveryProperties properties) {
        return new ReplicationClientAdditionalFilters(List.of(peerLogin(properties)));
    }

    @Bean
    static BeanPostProcessor peerLoginOfTheOwnClient(ObjectProvider<DiscoveryProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof Jersey3DiscoveryClientOptionalArgs args) {
                    args.setAdditionalFilters(List.of(peerLogin(properties.getObject())));
                }
                return bean;
            }
        };
    }

    private static ClientRequestFilter peerLogin(DiscoveryProperties properties) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (RegistryRoles.PEER_USER + ":" + properties.peerPassword()).getBytes(StandardCharsets.UTF_8));
        return request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, basic);
    }
}

package io.edgeway.backend.registry;

import java.util.Map;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.stereotype.Component;

/** This instance as the service registry knows it: its identity, and the status gateways route by. */
@Component
public class InstanceRegistration {

    private final ServiceRegistry<Registration> serviceRegistry;

    private final Registration registration;

    // The registry bean is a ServiceRegistry<EurekaRegistration>; taken raw so this class stays registry-neutral.
    @SuppressWarnings({ "rawtypes", "unchecked" })
    InstanceRegistration(ServiceRegistry serviceRegistry, Registration registration) {
        this.serviceRegistry = serviceRegistry;
        this.registration = registration;
    }

    public String instanceId() {
        return registration.getInstanceId();
    }

    public Map<String, String> metadata() {
        return registration.getMetadata();
    }

    /**
     * Puts the instance in or out of service in the registry (Eureka: an override status, kept by the server
     * across re-registrations). Throws if the registry cannot be reached.
     */
    public void setInService(boolean inService) {
        serviceRegistry.setStatus(registration, inService ? "UP" : "OUT_OF_SERVICE");
    }

    /** Marks the instance DOWN so gateways drop it; the lease itself is cancelled when the context closes. */
    public void deregister() {
        serviceRegistry.deregister(registration);
    }
}

package io.edgeway.backend.lifecycle;

import io.edgeway.backend.config.SampleBackendProperties;
import io.edgeway.backend.registry.InstanceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, leaves Eureka before the web server stops: marks the instance DOWN, keeps serving for the
 * deregistration delay so every gateway drops it, and only then lets the graceful web-server shutdown finish
 * the requests in flight. Without it the web server stops first and gateways keep sending to a closed port.
 */
@Component
class DeregisterBeforeShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeregisterBeforeShutdown.class);

    private final InstanceRegistration registration;

    private final SampleBackendProperties properties;

    private volatile boolean running;

    DeregisterBeforeShutdown(InstanceRegistration registration, SampleBackendProperties properties) {
        this.registration = registration;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        long delayMs = properties.getShutdown().deregistrationDelay().toMillis();
        log.info("Deregistering {}, serving {} ms more before stopping", registration.instanceId(), delayMs);
        registration.deregister();
        try {
            Thread.sleep(delayMs);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the graceful web-server shutdown (which runs at {@code DEFAULT_PHASE - 1024}). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}

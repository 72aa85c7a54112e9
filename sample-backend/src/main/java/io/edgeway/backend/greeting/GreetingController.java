package io.edgeway.backend.greeting;

import java.time.Duration;
import java.util.Map;

import io.edgeway.backend.config.SampleBackendProperties;
import io.edgeway.backend.registry.InstanceRegistration;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The demo endpoints: a configurable message and the identity of the instance that answered. */
@RestController
class GreetingController {

    static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final SampleBackendProperties properties;

    private final InstanceRegistration registration;

    GreetingController(SampleBackendProperties properties, InstanceRegistration registration) {
        this.properties = properties;
        this.registration = registration;
    }

    @GetMapping(value = "/", produces = "text/plain")
    String message() {
        return properties.getMessage();
    }

    /**
     * Which instance answered (GET, or POST as a request that is never retried); {@code delayMs} simulates a slow
     * request (for drain and overload tests), only where {@code edgeway.backend.delay-hook} turns it on.
     */
    @RequestMapping(value = "/id", method = { RequestMethod.GET, RequestMethod.POST })
    ResponseEntity<?> id(@RequestParam(defaultValue = "0") long delayMs) throws InterruptedException {
        if (!properties.isDelayHook()) {
            delayMs = 0;
        }
        if (delayMs < 0 || delayMs > MAX_DELAY.toMillis()) {
            return ResponseEntity.badRequest()
                    .body(Map.of("error", "delayMs must be between 0 and " + MAX_DELAY.toMillis()));
        }
        if (delayMs > 0) {
            Thread.sleep(delayMs);
        }
        Map<String, String> metadata = registration.metadata();
        return ResponseEntity.ok(new InstanceIdentity(registration.instanceId(),
                metadata.getOrDefault("version", "unknown"), metadata.getOrDefault("zone", "unknown")));
    }

    record InstanceIdentity(String instanceId, String version, String zone) {
    }
}

package io.edgeway.backend.l7;

import java.util.Locale;
import java.util.Map;

import io.edgeway.backend.registry.InstanceRegistration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The L7 health check that hardware load balancers probe, and the switch that takes the instance out of every
 * pool for a zero-downtime deploy: down answers 503 here and sets the Eureka status OUT_OF_SERVICE so gateways
 * stop sending to it.
 */
@RestController
@RequestMapping("/monitor/l7check")
class L7CheckController {

    private final L7Switch l7Switch;

    private final InstanceRegistration registration;

    L7CheckController(L7Switch l7Switch, InstanceRegistration registration) {
        this.l7Switch = l7Switch;
        this.registration = registration;
    }

    @GetMapping
    ResponseEntity<Map<String, String>> check() {
        boolean up = l7Switch.isUp();
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", up ? "UP" : "DOWN"));
    }

    /** Body {@code {"status":"UP"}} or {@code {"status":"DOWN"}}. */
    @PutMapping
    ResponseEntity<Map<String, String>> flip(@RequestBody(required = false) Map<String, String> body) {
        String status = body == null ? null : body.get("status");
        if (status == null || !(status.equalsIgnoreCase("UP") || status.equalsIgnoreCase("DOWN"))) {
            return ResponseEntity.badRequest().body(Map.of("error", "body must be {\"status\":\"UP\"} or {\"status\":\"DOWN\"}"));
        }
        boolean up = status.equalsIgnoreCase("UP");
        // Eureka first: once the check answers 503 the instance must already be leaving the gateways' pools.
        // If the registry cannot be told, nothing changes and the caller is asked to retry.
        try {
            registration.setInService(up);
        }
        catch (RuntimeException ex) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "could not update the Eureka status, nothing changed: " + ex.getMessage()));
        }
        l7Switch.set(up);
        return ResponseEntity.ok(Map.of("status", status.toUpperCase(Locale.ROOT)));
    }
}

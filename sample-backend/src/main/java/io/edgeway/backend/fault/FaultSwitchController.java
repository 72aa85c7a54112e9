package io.edgeway.backend.fault;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET} and {@code PUT /monitor/faults}: what {@link FaultSwitch} injects. */
@RestController
class FaultSwitchController {

    private final FaultSwitch faultSwitch;

    FaultSwitchController(FaultSwitch faultSwitch) {
        this.faultSwitch = faultSwitch;
    }

    @GetMapping("/monitor/faults")
    FaultSwitch.Faults faults() {
        return faultSwitch.faults();
    }

    @PutMapping("/monitor/faults")
    ResponseEntity<?> set(@RequestBody(required = false) Map<String, Number> body) {
        return faultSwitch.set(body);
    }
}

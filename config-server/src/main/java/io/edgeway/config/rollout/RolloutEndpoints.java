package io.edgeway.config.rollout;

import java.util.Map;

import io.edgeway.gateway.rollout.GatewayReport;
import io.edgeway.gateway.rollout.WeightOverlay;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rollout controller over HTTP (authenticated like every config request): gateways report their counts and get
 * the weights back ({@code POST /rollouts/reports}); people and {@code ./run.sh canary status} read the progress
 * ({@code GET /rollouts}); {@code GET /rollouts/weights} shows what every gateway is told.
 */
@RestController
class RolloutEndpoints {

    private final RolloutController controller;

    RolloutEndpoints(RolloutController controller) {
        this.controller = controller;
    }

    /** 503 while the controller has not read the published commit: gateways then keep the weights they have. */
    @PostMapping("/rollouts/reports")
    ResponseEntity<WeightOverlay> report(@RequestBody GatewayReport report) {
        return controller.report(report).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build());
    }

    @GetMapping("/rollouts")
    Map<String, Object> status() {
        return controller.status();
    }

    @GetMapping("/rollouts/weights")
    ResponseEntity<WeightOverlay> weights() {
        return controller.overlay().map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build());
    }
}

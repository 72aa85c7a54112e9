package io.edgeway.lbadapter.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rolling-deploy waits for a pipeline (docs/rolling-deploy.md), operator only: {@code POST /api/deploy/drain}
 * switches an instance down and answers once no gateway and no device pool sends it traffic any more (200), or when
 * the deadline passed (504, with what still sends); {@code POST /api/deploy/ready} answers once a new instance is UP,
 * balanced by every gateway and pool and has answered a request through a gateway (200), or 504. 400 for bad input,
 * 404 for an instance the registry does not have UP, 502 when the instance refused to switch.
 */
@RestController
class DeployController {

    private static final Logger log = LoggerFactory.getLogger(DeployController.class);

    private static final Pattern APPLICATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final Pattern PROBE_PATH = Pattern.compile("/[A-Za-z0-9/._~%-]{0,200}");

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Which instance to drain: its registry id, or its address. */
    record DrainRequest(String application, String instanceId, String host, Integer port, Integer timeoutSeconds) {
    }

    /** Where the new instance listens; {@code probePath}, optional, a path sent through every gateway each round. */
    record ReadyRequest(String application, String host, Integer port, Integer timeoutSeconds, String probePath) {
    }

    private final RollingDeploySteps steps;

    private final DeployProperties properties;

    DeployController(RollingDeploySteps steps, DeployProperties properties) {
        this.steps = steps;
        this.properties = properties;
    }

    @PostMapping(path = "/api/deploy/drain", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> drain(@RequestBody DrainRequest request, Authentication operator) {
        String application = application(request.application());
        if (request.instanceId() == null && (request.host() == null || request.port() == null)) {
            throw new BadRequest("give instanceId, or host and port");
        }
        Duration timeout = timeout(request.timeoutSeconds());
        Optional<DeployTarget> found = steps.find(application, request.instanceId(), request.host(), request.port());
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no UP instance of " + application
                    + " " + (request.instanceId() != null ? request.instanceId() : request.host() + ":" + request.port())
                    + " in the registry"));
        }
        DeployTarget target = found.get();
        log.info("{} drains {} ({}) for a deploy, waiting up to {}", operator.getName(), target.instanceId(),
                target.address(), timeout);
        WaitResult result;
        try {
            result = steps.drain(target, timeout);
        }
        catch (InstanceSwitch.SwitchRefusedException e) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error",
                    "the instance did not switch down, nothing changed: " + e.getMessage()));
        }
        log.info("Drain of {}: {} after {} ms ({} polls){}", target.instanceId(), result.done() ? "done" : "TIMED OUT",
                result.elapsed().toMillis(), result.polls(), result.done() ? "" : "; still sending: " + result.pending());
        return answer(target, result, "DRAINED");
    }

    @PostMapping(path = "/api/deploy/ready", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> ready(@RequestBody ReadyRequest request, Authentication operator) {
        String application = application(request.application());
        if (request.host() == null || request.host().isBlank() || request.port() == null || request.port() < 1
                || request.port() > 65535) {
            throw new BadRequest("give host and port (1 to 65535) of the new instance");
        }
        if (request.probePath() != null && !PROBE_PATH.matcher(request.probePath()).matches()) {
            throw new BadRequest("probePath must be a path starting with /, not " + request.probePath());
        }
        Duration timeout = timeout(request.timeoutSeconds());
        log.info("{} waits up to {} for {} at {}:{} to take traffic", operator.getName(), timeout, application,
                request.host(), request.port());
        WaitResult result = steps.awaitReady(application, request.host(), request.port(), timeout,
                request.probePath());
        log.info("Ready wait for {}:{}: {} after {} ms{}", request.host(), request.port(),
                result.done() ? "ready" : "TIMED OUT", result.elapsed().toMillis(),
                result.done() ? "" : "; not yet: " + result.pending());
        return answer(new DeployTarget(application, null, request.host(), request.port()), result, "READY");
    }

    private static ResponseEntity<Map<String, Object>> answer(DeployTarget target, WaitResult result, String done) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", result.done() ? done : "TIMED_OUT");
        body.put("application", target.application());
        if (target.instanceId() != null) {
            body.put("instanceId", target.instanceId());
        }
        body.put("address", target.address());
        body.put("elapsedMs", result.elapsed().toMillis());
        body.put("polls", result.polls());
        body.put("checks", result.checks());
        if (!result.done()) {
            body.put("error", "deadline passed; not yet: " + result.pending());
        }
        return ResponseEntity.status(result.done() ? HttpStatus.OK : HttpStatus.GATEWAY_TIMEOUT).body(body);
    }

    private static String application(String application) {
        if (application == null || !APPLICATION.matcher(application).matches()) {
            throw new BadRequest("application must be a registry application name, not " + application);
        }
        return application.toLowerCase(Locale.ROOT);
    }

    private Duration timeout(Integer seconds) {
        if (seconds == null) {
            return DEFAULT_TIMEOUT;
        }
        if (seconds < 1 || seconds > properties.maxTimeout().toSeconds()) {
            throw new BadRequest("timeoutSeconds must be 1 to " + properties.maxTimeout().toSeconds() + ", not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadRequest e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not the JSON expected: "
                + e.getMostSpecificCause().getMessage());
    }

    private static final class BadRequest extends RuntimeException {

        BadRequest(String message) {
            super(message);
        }
    }
}

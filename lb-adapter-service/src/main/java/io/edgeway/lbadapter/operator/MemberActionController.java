package io.edgeway.lbadapter.operator;

import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import io.edgeway.lbadapter.config.Roles;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.PoolKey;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/members/drain} and {@code /api/members/enable} with a JSON body naming the member. Answers 400 for
 * a malformed request, 403 to a login without the operator role and for a pool the adapter does not mirror, 404 for
 * an unknown device, pool or member, 503 from a replica that does not lead, 502 (504 on a timeout) when the device
 * fails. Refusals are audited.
 */
@RestController
class MemberActionController {

    /** Which member: the device's configured name, the partition, the pool or service group, {@code ip:port}. */
    record MemberRequest(@NotBlank String device, @NotBlank String partition, @NotBlank String pool,
            @NotBlank String member) {

        PoolKey poolKey() {
            return new PoolKey(device, partition, pool);
        }
    }

    /** What was done, and by whom. */
    record ActionResult(String action, String device, String partition, String pool, String member, String by) {
    }

    private final MemberActions actions;

    MemberActionController(MemberActions actions) {
        this.actions = actions;
    }

    @PostMapping(path = "/api/members/drain", consumes = MediaType.APPLICATION_JSON_VALUE)
    ActionResult drain(@Valid @RequestBody MemberRequest request, Authentication operator) {
        requireOperator("DRAIN", request, operator);
        MemberAddress member = MemberAddresses.parse(request.member());
        actions.drain(request.poolKey(), member, operator.getName());
        return result("DRAIN", request, member, operator);
    }

    @PostMapping(path = "/api/members/enable", consumes = MediaType.APPLICATION_JSON_VALUE)
    ActionResult enable(@Valid @RequestBody MemberRequest request, Authentication operator) {
        requireOperator("ENABLE", request, operator);
        MemberAddress member = MemberAddresses.parse(request.member());
        actions.enable(request.poolKey(), member, operator.getName());
        return result("ENABLE", request, member, operator);
    }

    private void requireOperator(String action, MemberRequest request, Authentication login) {
        if (!Roles.canOperate(login)) {
            throw actions.refuse(action, request.poolKey(), request.member(), login.getName(), "'" + login.getName()
                    + "' may view but not " + action.toLowerCase(Locale.ROOT) + ": that needs the "
                    + Roles.OPERATOR.toLowerCase(Locale.ROOT) + " role");
        }
    }

    @ExceptionHandler
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage()).sorted()
                .collect(Collectors.joining("; ")));
    }

    @ExceptionHandler
    ProblemDetail invalid(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refused(ActionRefusedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notLeader(NotLeaderException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknown(UnknownTargetException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail deviceFailed(DeviceException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case NOT_PERMITTED -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_GATEWAY;
        };
        return ProblemDetail.forStatusAndDetail(status, "device failed: " + e.getMessage());
    }

    private static ActionResult result(String action, MemberRequest request, MemberAddress member,
            Authentication operator) {
        return new ActionResult(action, request.device(), request.partition(), request.pool(), member.toString(),
                operator.getName());
    }
}

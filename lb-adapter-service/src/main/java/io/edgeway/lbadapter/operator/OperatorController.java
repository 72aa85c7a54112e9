package io.edgeway.lbadapter.operator;

import java.security.Principal;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/operator}: who is logged in, and the CSRF token the page sends with its POSTs. */
@RestController
class OperatorController {

    /** The operator's name, and the header and token a browser must send with a state-changing request. */
    record OperatorView(String name, String csrfHeader, String csrfToken) {
    }

    @GetMapping("/api/operator")
    OperatorView operator(Principal operator, CsrfToken csrf) {
        return new OperatorView(operator.getName(), csrf.getHeaderName(), csrf.getToken());
    }
}

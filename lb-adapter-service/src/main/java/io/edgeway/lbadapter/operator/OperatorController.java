package io.edgeway.lbadapter.operator;

import io.edgeway.lbadapter.config.Roles;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/operator}: who is logged in, whether they may operate, and the CSRF token for the page's POSTs. */
@RestController
class OperatorController {

    /**
     * The login's name, whether it has the operator role (a viewer's page shows no Drain / Enable buttons), and the
     * header and token a browser must send with a state-changing request.
     */
    record OperatorView(String name, boolean operator, String csrfHeader, String csrfToken) {
    }

    @GetMapping("/api/operator")
    OperatorView operator(Authentication login, CsrfToken csrf) {
        return new OperatorView(login.getName(), Roles.canOperate(login), csrf.getHeaderName(), csrf.getToken());
    }
}

package io.edgeway.lbadapter.config;

import org.springframework.security.core.Authentication;

/**
 * The adapter's two roles. A viewer reads: the VIP view, the plan, the instances, the audit log, the leader. An
 * operator also writes: drains, enables (and so holds) and every other state-changing request.
 */
public final class Roles {

    public static final String VIEWER = "VIEWER";

    public static final String OPERATOR = "OPERATOR";

    private Roles() {
    }

    /** Whether this login may change a device. */
    public static boolean canOperate(Authentication login) {
        return login != null && login.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + OPERATOR).equals(authority.getAuthority()));
    }
}

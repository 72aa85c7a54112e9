package io.edgeway.lbadapter.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit?limit=50&before=ID[&vip=NAME]}: the newest audit entries first, a page at a time; with
 * {@code vip}, only the writes of that declared VIP.
 */
@RestController
class AuditController {

    static final int MAX_LIMIT = 500;

    /** One page, and the query of the next (older) one, or null at the end. */
    record AuditPage(List<AuditEntry> entries, String next) {
    }

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/api/audit")
    AuditPage audit(@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) Long before,
            @RequestParam(required = false) String vip) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<AuditEntry> entries = log.newest(size, before, vip == null || vip.isBlank() ? null : vip);
        String next = entries.size() < size ? null
                : "/api/audit?limit=" + size + "&before=" + entries.get(entries.size() - 1).id()
                        + (vip == null || vip.isBlank() ? "" : "&vip=" + URLEncoder.encode(vip, StandardCharsets.UTF_8));
        return new AuditPage(entries, next);
    }
}

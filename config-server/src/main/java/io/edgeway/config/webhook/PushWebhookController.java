package io.edgeway.config.webhook;

import java.util.Map;

import io.edgeway.config.config.ConfigPushProperties;
import io.edgeway.config.revision.Revision;
import io.edgeway.config.revision.RevisionWatcher;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /monitor}: push webhooks from GitHub, Gitea or GitLab check the branch at once instead of at the
 * next poll. Authenticated by the shared secret (HMAC-SHA256 signature, or GitLab's token), not by a login.
 */
@RestController
class PushWebhookController {

    private final RevisionWatcher watcher;

    private final ConfigPushProperties properties;

    PushWebhookController(RevisionWatcher watcher, ConfigPushProperties properties) {
        this.watcher = watcher;
        this.properties = properties;
    }

    @PostMapping("/monitor")
    ResponseEntity<Map<String, Object>> push(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String githubSignature,
            @RequestHeader(name = "X-Gitea-Signature", required = false) String giteaSignature,
            @RequestHeader(name = "X-Gitlab-Token", required = false) String gitlabToken) {
        String secret = properties.webhookSecret();
        if (secret == null || secret.isBlank()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "webhook disabled: set edgeway.config.webhook-secret"));
        }
        byte[] payload = body == null ? new byte[0] : body;
        boolean authentic = WebhookSignatures.authentic(secret, payload, githubSignature, giteaSignature, gitlabToken);
        if (!authentic) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "missing or wrong X-Hub-Signature-256 / X-Gitea-Signature / X-Gitlab-Token"));
        }
        Revision revision = watcher.checkNow();
        return ResponseEntity.accepted().body(Map.of("commit", revision.commit(), "published", revision.valid(),
                "problems", revision.problems()));
    }

}

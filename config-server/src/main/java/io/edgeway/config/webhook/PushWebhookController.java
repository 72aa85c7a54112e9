package io.edgeway.config.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.edgeway.config.config.ConfigPushProperties;
import io.edgeway.config.revision.Revision;
import io.edgeway.config.revision.RevisionWatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /monitor}: push webhooks from GitHub, Gitea or GitLab check the branch at once instead of at the
 * next poll. Authenticated by the shared secret (HMAC-SHA256 signature, or GitLab's token), not by a login. Before
 * any git work, and in this order: a rate limit per remote address (429), a body size limit checked before the body
 * is read and while it is (413), then the signature (401).
 */
@RestController
class PushWebhookController {

    /** Remote addresses remembered by the rate limit; beyond it the least recently seen are forgotten. */
    private static final int MAX_SOURCES = 10_000;

    private final RevisionWatcher watcher;

    private final ConfigPushProperties properties;

    private final PerSourceRateLimit rateLimit;

    PushWebhookController(RevisionWatcher watcher, ConfigPushProperties properties) {
        this.watcher = watcher;
        this.properties = properties;
        this.rateLimit = new PerSourceRateLimit(properties.webhook().requestsPerMinute(), MAX_SOURCES, System::nanoTime);
    }

    @PostMapping("/monitor")
    ResponseEntity<Map<String, Object>> push(HttpServletRequest request,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String githubSignature,
            @RequestHeader(name = "X-Gitea-Signature", required = false) String giteaSignature,
            @RequestHeader(name = "X-Gitlab-Token", required = false) String gitlabToken) throws IOException {
        String secret = properties.webhookSecret();
        if (secret == null || secret.isBlank()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "webhook disabled: set edgeway.config.webhook-secret"));
        }
        if (!rateLimit.tryAcquire(request.getRemoteAddr())) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(rateLimit.secondsPerCall()))
                    .body(Map.of("error", "too many webhook calls from " + request.getRemoteAddr() + ": at most "
                            + properties.webhook().requestsPerMinute() + " a minute ("
                            + ConfigPushProperties.PREFIX + ".webhook.requests-per-minute)"));
        }
        long maxBytes = properties.webhook().maxBodySize().toBytes();
        byte[] payload = request.getContentLengthLong() > maxBytes ? null : readAtMost(request.getInputStream(), maxBytes);
        if (payload == null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(Map.of("error", "webhook body larger than " + maxBytes + " bytes ("
                            + ConfigPushProperties.PREFIX + ".webhook.max-body-size)"));
        }
        boolean authentic = WebhookSignatures.authentic(secret, payload, githubSignature, giteaSignature, gitlabToken);
        if (!authentic) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "missing or wrong X-Hub-Signature-256 / X-Gitea-Signature / X-Gitlab-Token"));
        }
        Revision revision = watcher.checkNow();
        return ResponseEntity.accepted().body(Map.of("commit", revision.commit(), "published", revision.valid(),
                "problems", revision.problems()));
    }

    /** The body, or null as soon as it proves longer than {@code maxBytes} (a chunked body declares no length). */
    private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (body.size() + read > maxBytes) {
                return null;
            }
            body.write(buffer, 0, read);
        }
        return body.toByteArray();
    }
}

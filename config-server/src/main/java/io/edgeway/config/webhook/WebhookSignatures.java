package io.edgeway.config.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks a push webhook against the shared secret, the way GitHub, Gitea and GitLab sign them. */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /**
     * @param github {@code X-Hub-Signature-256}: {@code sha256=} + hex HMAC-SHA256 of the body
     * @param gitea {@code X-Gitea-Signature}: hex HMAC-SHA256 of the body
     * @param gitlab {@code X-Gitlab-Token}: the secret itself
     */
    public static boolean authentic(String secret, byte[] body, String github, String gitea, String gitlab) {
        String expected = hmac(secret, body);
        return equal(github == null ? null : github.replaceFirst("^sha256=", ""), expected) || equal(gitea, expected)
                || equal(gitlab, secret);
    }

    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean equal(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}

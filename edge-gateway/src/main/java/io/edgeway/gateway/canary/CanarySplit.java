package io.edgeway.gateway.canary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which version one request goes to: a key is hashed into one of {@value #BUCKETS} buckets, and the buckets
 * below {@code weight × 100} belong to the canary.
 *
 * <p>The bucket depends only on the salt and the key, never on the weight, so one key always lands on the same
 * version while the weight stays, and raising the weight only moves more buckets (never fewer) to the canary.
 * Weights have a resolution of 0.01 %. Built from {@link io.edgeway.gateway.rules.CanaryArgs}, which checked the
 * versions and the weight.
 */
public record CanarySplit(String stable, String canary, double weight, String salt) {

    /** Number of buckets: 0.01 % each. */
    public static final int BUCKETS = 10_000;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JVM has SHA-256", ex);
        }
    });

    /** Buckets {@code [0, canaryBuckets)} go to the canary. */
    public int canaryBuckets() {
        return (int) Math.round(weight * BUCKETS / 100.0);
    }

    /** The version for a request with this key. */
    public String versionFor(String key) {
        return versionOf(bucket(key));
    }

    /** The version for a request without a key: a fresh random draw with the same odds. */
    public String randomVersion() {
        return versionOf(ThreadLocalRandom.current().nextInt(BUCKETS));
    }

    /** The other version, for when the chosen one has no instance. */
    public String otherThan(String version) {
        return version.equals(canary) ? stable : canary;
    }

    private String versionOf(int bucket) {
        return bucket < canaryBuckets() ? canary : stable;
    }

    /** The key's bucket: SHA-256 of salt and key, so buckets are uniform and independent between salts. */
    int bucket(String key) {
        MessageDigest digest = SHA_256.get();
        digest.update(salt.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(hash).getLong(), BUCKETS);
    }
}

package io.edgeway.lbadapter.deploy;

/**
 * What one party (a gateway, a device pool, the registry) answered to one question of a wait.
 *
 * @param source who was asked, for example {@code gateway 127.0.0.1:18080} or {@code f5-demo/Common/sample-backend}
 * @param done   whether its answer is the one the wait waits for
 * @param detail what it answered, for the caller and the log
 */
public record Check(String source, boolean done, String detail) {
}

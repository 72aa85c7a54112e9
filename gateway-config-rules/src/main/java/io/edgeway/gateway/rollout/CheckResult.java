package io.edgeway.gateway.rollout;

/**
 * The verdict of one check with the evidence behind it, as the audit trail shows it.
 *
 * @param check which check: {@code error-rate} or {@code p99-latency}
 * @param verdict pass, fail or not enough data
 * @param pValue the test's p-value for "the canary is no worse than allowed" (1 when nothing speaks against it)
 * @param threshold the p-value below which this look fails
 * @param detail the figures compared, for people
 */
public record CheckResult(String check, Verdict verdict, double pValue, double threshold, String detail) {
}

package io.edgeway.emulators.nitro;

/**
 * Who is calling, and in which partition the call runs.
 *
 * @param user      the user logged in, or named by {@code X-NITRO-USER}
 * @param session   the caller's session; null for a stateless {@code X-NITRO-USER} call
 * @param partition the session's partition, or the user's bound partition for a stateless call
 */
record NitroCaller(String user, NitroSessions.Session session, String partition) {
}

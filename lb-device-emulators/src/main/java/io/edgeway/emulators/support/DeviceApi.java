package io.edgeway.emulators.support;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The vendor side of an emulator: its API, its error shapes for injected faults, and its session knobs. */
public interface DeviceApi {

    /** Answers one device API request; may throw {@link DeviceFailure} for a vendor error. */
    Response handle(Request request);

    /** The vendor's body for an injected 500, 503 or 404. */
    Response injectedFailure(int status, Request request);

    /** Makes other clients hold this many sessions (NITRO) or tokens per user (F5). */
    void occupySessions(int count);

    /** Ends every session or token, as an appliance restart or an operator's "kill all" would. */
    void killSessions();

    /** {@code PUT /emulator/members}: sets a member's simulated connections and monitor state; answers the member. */
    Response putMember(JsonNode body);

    /** Counters for tests and the admin endpoint (sessions or tokens in use, their peak, ...). */
    Map<String, Object> stats();
}

package io.edgeway.config.rollout;

import java.nio.file.Path;
import java.time.Duration;

import io.edgeway.gateway.settings.Problems;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rollout controller, under {@value #PREFIX}: how often it looks, when a gateway counts as silent, and where its
 * state is kept.
 *
 * @param interval how often every rollout is looked at (the gateways report at their own interval, 1 s by default)
 * @param silentAfter a gateway whose last report is older holds every rollout (its evidence is missing)
 * @param forgetAfter a gateway silent this long is taken as gone (stopped, or scaled in) and no longer holds them
 * @param stateFile where the rollouts' progress and audit trail are kept, so a restart resumes them
 * @param application the application whose routes carry the plans
 * @param profiles its profiles, as the gateways ask for them
 * @param auditKept how many audit events the status shows and the state file keeps
 * @param switchLead how far ahead a raised weight is scheduled, so that every gateway has heard of it (they report
 *        every second) before it takes effect, and all move at the same instant; a rollback applies at once
 */
@ConfigurationProperties(RolloutProperties.PREFIX)
public record RolloutProperties(@DefaultValue("1s") Duration interval, @DefaultValue("3s") Duration silentAfter,
        @DefaultValue("30s") Duration forgetAfter, @DefaultValue("rollouts.json") Path stateFile,
        @DefaultValue("edge-gateway") String application, @DefaultValue("default") String profiles,
        @DefaultValue("200") int auditKept, @DefaultValue("3s") Duration switchLead) {

    public static final String PREFIX = "edgeway.config.rollout";

    public RolloutProperties {
        Problems.under(PREFIX)
                .require(Problems.positive(interval), "interval", "must be positive, not " + interval)
                .require(Problems.positive(silentAfter), "silent-after", "must be positive, not " + silentAfter)
                .require(forgetAfter != null && forgetAfter.compareTo(silentAfter) > 0, "forget-after",
                        "must be longer than silent-after, not " + forgetAfter)
                .require(auditKept >= 1, "audit-kept", "must be at least 1, not " + auditKept)
                .require(Problems.positive(switchLead), "switch-lead", "must be positive, not " + switchLead)
                .throwIfAny();
    }
}

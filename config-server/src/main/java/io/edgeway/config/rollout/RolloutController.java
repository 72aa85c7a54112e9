package io.edgeway.config.rollout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.edgeway.gateway.rollout.CheckResult;
import io.edgeway.gateway.rollout.GatewayReport;
import io.edgeway.gateway.rollout.RolloutEvent;
import io.edgeway.gateway.rollout.RolloutPhase;
import io.edgeway.gateway.rollout.RolloutState;
import io.edgeway.gateway.rollout.RolloutStateMachine;
import io.edgeway.gateway.rollout.RolloutTarget;
import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.StepEvidence;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The rollout controller: every {@code interval} it reads the plans of the published commit, adds up the gateways'
 * reports of each route's current step, looks at each rollout ({@link RolloutStateMachine}) and keeps the weights
 * they set in the {@link WeightOverlay} every gateway gets in answer to its report. Each start, step, completion,
 * rollback and override is an audit line with its evidence. The progress is kept in a file and resumed after a
 * restart; until the controller has read the published commit it answers no weights, so gateways keep theirs.
 */
public final class RolloutController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RolloutController.class);

    /** The audit trail's own logger, so it can be routed apart from the rest. */
    private static final Logger audit = LoggerFactory.getLogger("edgeway.rollout.audit");

    private final RolloutProperties properties;

    private final Supplier<Optional<String>> publishedCommit;

    private final Function<String, Map<String, RolloutTarget>> targetsAt;

    private final RolloutStore store;

    private final GatewayReports reports;

    private final Clock clock;

    private final MeterRegistry meters;

    private final MultiGauge weightGauge;

    private ScheduledExecutorService looks;

    /** Touched by the look thread only. */
    private Map<String, RolloutState> states = new LinkedHashMap<>();

    private Map<String, RolloutTarget> targets = Map.of();

    private String targetsCommit;

    private final List<RolloutEvent> trail = new ArrayList<>();

    /** The weights last published, by route; {@code null} until the first look after a start. */
    private Map<String, RolloutWeight> lastPublished;

    /** What readers see: replaced whole after every look. */
    private volatile View view = new View(null, Map.of(), Map.of(), List.of(), "not started");

    private record View(WeightOverlay overlay, Map<String, RolloutState> states, Map<String, RolloutTarget> targets,
            List<RolloutEvent> audit, String notReady) {
    }

    /**
     * @param publishedCommit the commit the config server publishes now, if any
     * @param targetsAt the rollout targets of the gateway config at a commit
     */
    public RolloutController(RolloutProperties properties, Supplier<Optional<String>> publishedCommit,
            Function<String, Map<String, RolloutTarget>> targetsAt, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.publishedCommit = publishedCommit;
        this.targetsAt = targetsAt;
        this.store = new RolloutStore(properties.stateFile());
        this.reports = new GatewayReports(properties.silentAfter(), properties.forgetAfter());
        this.clock = clock;
        this.meters = meters;
        this.weightGauge = MultiGauge.builder("edgeway.rollout.weight").baseUnit("percent")
                .description("Canary weight the rollout controller sets, per route").register(meters);
    }

    @Override
    public void start() {
        if (!resume()) {
            return;
        }
        looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rollout-controller");
            thread.setDaemon(true);
            return thread;
        });
        long millis = properties.interval().toMillis();
        looks.scheduleWithFixedDelay(this::lookSafely, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the kept state; {@code false} if it is unreadable, and then rollouts stay halted. */
    boolean resume() {
        RolloutStore.Saved saved;
        try {
            saved = store.load();
        }
        catch (Exception ex) {
            // Starting afresh would restart rolled-back rollouts: better no rollout at all until someone looks.
            log.error("Rollout state {} unreadable; rollouts are halted and the committed weights apply: {}",
                    store.file(), ex.toString());
            view = new View(null, Map.of(), Map.of(), List.of(), "rollout state " + store.file() + " unreadable: "
                    + ex.getMessage());
            return false;
        }
        states = new LinkedHashMap<>(saved.states());
        trail.addAll(saved.audit());
        view = new View(null, Map.copyOf(states), Map.of(), List.copyOf(trail), "no config commit read yet");
        log.info("Rollout controller started: {} rollout(s) resumed from {}", states.size(), store.file());
        return true;
    }

    /** Takes a gateway's report; answers with the weights of every rollout, or nothing while not ready. */
    public Optional<WeightOverlay> report(GatewayReport report) {
        reports.receive(report, clock.instant());
        return Optional.ofNullable(view.overlay());
    }

    /** The weights now; empty while not ready. */
    public Optional<WeightOverlay> overlay() {
        return Optional.ofNullable(view.overlay());
    }

    private void lookSafely() {
        try {
            look();
        }
        catch (RuntimeException ex) {
            log.warn("Rollout look failed; weights unchanged: {}", ex.toString(), ex);
        }
    }

    /** One look at every rollout. */
    void look() {
        Optional<String> published = publishedCommit.get();
        if (published.isEmpty()) {
            return;
        }
        String commit = published.get();
        if (!commit.equals(targetsCommit)) {
            try {
                targets = targetsAt.apply(commit);
                targetsCommit = commit;
            }
            catch (RuntimeException ex) {
                log.warn("Could not read the rollout plans at {}; keeping those of {}: {}", commit, targetsCommit,
                        ex.toString());
                if (targetsCommit == null) {
                    return;
                }
            }
        }
        Instant now = clock.instant();
        Map<String, RolloutState> next = new LinkedHashMap<>();
        Map<String, RolloutWeight> weights = new LinkedHashMap<>();
        boolean eventful = false;
        for (RolloutTarget target : targets.values()) {
            RolloutState current = states.get(target.route());
            StepEvidence evidence = current == null ? StepEvidence.missing("not started")
                    : reports.evidence(target.route(), current.stepId(), target.stable(), target.canary(), now);
            RolloutStateMachine.Step step = RolloutStateMachine.look(current, target, evidence, now);
            next.put(target.route(), step.state());
            step.event().ifPresent(this::record);
            eventful |= step.event().isPresent();
            Double weight = step.state().weight(target.plan());
            if (weight != null) {
                weights.put(target.route(), scheduled(target.route(), new RolloutWeight(step.state().identity(),
                        step.state().committedWeight(), step.state().stepId(), weight), lastPublished, now));
            }
        }
        lastPublished = weights;
        states.keySet().stream().filter(route -> !next.containsKey(route))
                .forEach(route -> audit.info("Rollout {} ended: its plan is no longer in the config at {}", route,
                        commit));
        boolean changed = !next.equals(states);
        states = next;
        weightGauge.register(weights.entrySet().stream().map(weight -> MultiGauge.Row.of(Tags.of("route",
                weight.getKey()), weight.getValue().weight())).toList(), true);
        view = new View(new WeightOverlay(commit, weights), Map.copyOf(states), Map.copyOf(targets),
                List.copyOf(trail), null);
        if (changed || eventful) {
            try {
                store.save(new RolloutStore.Saved(states, trail));
            }
            catch (Exception ex) {
                log.warn("Could not keep the rollout state in {}: {}", store.file(), ex.toString());
            }
        }
    }

    /**
     * The weight to publish: a raise over the weight in force is scheduled {@code switch-lead} ahead, with the weight
     * in force until then, so that the gateways, which hear the controller at different moments, all move at once
     * and no user on the canary at the new weight is back on stable at the old one on another gateway. A cut (a
     * rollback) applies at once. After a restart the controller does not know what the gateways run, and publishes
     * its state's weight as it stands (what it last told them, unless a switch was pending).
     */
    private RolloutWeight scheduled(String route, RolloutWeight wanted, Map<String, RolloutWeight> before,
            Instant now) {
        if (before == null) {
            return wanted;
        }
        RolloutWeight last = before.get(route);
        if (last != null && last.stepId().equals(wanted.stepId()) && last.weight() == wanted.weight()) {
            return last.pendingAt(now) ? last : wanted; // unchanged: the schedule stands, or is over
        }
        RolloutWeight inForce = last == null ? null : last.at(now);
        boolean sameRollout = inForce != null && inForce.identity().equals(wanted.identity())
                && inForce.committedWeight() == wanted.committedWeight();
        double weightNow = sameRollout ? inForce.weight() : wanted.committedWeight();
        if (wanted.weight() <= weightNow) {
            return wanted;
        }
        return wanted.from(now.plus(properties.switchLead()), sameRollout ? inForce : null);
    }

    private void record(RolloutEvent event) {
        meters.counter("edgeway.rollout.events", "route", event.route(), "kind", event.kind()).increment();
        trail.add(0, event);
        while (trail.size() > properties.auditKept()) {
            trail.remove(trail.size() - 1);
        }
        audit.info("Rollout {} {}: {} → {} %; stable {}/{} errors, canary {}/{} errors; {}; {}", event.route(),
                event.kind(), weight(event.fromWeight()), weight(event.toWeight()), event.stable().errors(),
                event.stable().requests(), event.canary().errors(), event.canary().requests(),
                checks(event.checks()), event.reason());
    }

    private static String weight(Double weight) {
        return weight == null ? "committed" : String.valueOf(weight);
    }

    private static String checks(List<CheckResult> checks) {
        if (checks.isEmpty()) {
            return "no checks";
        }
        List<String> parts = new ArrayList<>();
        for (CheckResult check : checks) {
            parts.add(String.format(Locale.ROOT, "%s %s (p %.3g, fails below %.3g)", check.check(),
                    check.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '), check.pValue(),
                    check.threshold()));
        }
        return String.join(", ", parts);
    }

    /** Every rollout with its plan, phase, weight, checks and status; the gateways heard from; the audit trail. */
    public Map<String, Object> status() {
        View now = view;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("ready", now.notReady() == null);
        if (now.notReady() != null) {
            status.put("notReady", now.notReady());
        }
        status.put("commit", now.overlay() == null ? null : now.overlay().commit());
        List<Map<String, Object>> rollouts = new ArrayList<>();
        now.targets().values().forEach(target -> {
            RolloutState state = now.states().get(target.route());
            Map<String, Object> rollout = new LinkedHashMap<>();
            rollout.put("route", target.route());
            rollout.put("stable", target.stable());
            rollout.put("canary", target.canary());
            rollout.put("committedWeight", target.committedWeight());
            rollout.put("steps", target.plan().steps());
            if (state != null && state.identity().equals(target.identity())) {
                rollout.put("phase", state.phase());
                rollout.put("step", state.step() + 1);
                rollout.put("weight", state.weight(target.plan()));
                rollout.put("stepStartedAt", state.stepStartedAt());
                rollout.put("status", state.status());
                rollout.put("checks", state.checks());
                if (state.phase() == RolloutPhase.COMPLETED) {
                    rollout.put("promote", promotion(target));
                }
            }
            rollouts.add(rollout);
        });
        status.put("rollouts", rollouts);
        Map<String, String> gateways = new LinkedHashMap<>();
        reports.gateways(clock.instant()).forEach((gateway, age) -> gateways.put(gateway,
                "last report " + age.toMillis() + " ms ago"));
        status.put("gateways", gateways);
        status.put("audit", now.audit());
        return status;
    }

    /** The commit a team makes to record a completed rollout, so git says what the fleet runs. */
    static String promotion(RolloutTarget target) {
        double last = target.plan().steps().get(target.plan().steps().size() - 1);
        return last >= 100 ? "In route '" + target.route() + "': set stable: " + target.canary()
                + " (the new canary, if any, next to it) and weight: 0, remove rollout:, and commit"
                : "In route '" + target.route() + "': set weight: " + last + ", remove rollout:, and commit";
    }

    @Override
    public void stop() {
        if (looks != null) {
            looks.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return looks != null && !looks.isShutdown();
    }
}

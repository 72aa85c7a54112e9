package io.edgeway.gateway.revision;

import java.util.Map;
import java.util.function.BooleanSupplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The span {@value #NAME} of each apply of a commit, tagged with the commit and its outcome ({@code applied},
 * {@code refused} or {@code failed}): a child of the config server's {@code config.publish} span when the config
 * server named its W3C {@code traceparent} with the commit, so a commit's way from the repository into every gateway
 * is one trace. With tracing off, no span.
 */
@Component
class ApplySpans {

    /** The span's name. */
    static final String NAME = "config.apply";

    /** The tag naming the commit: on the span only (a metric tag per commit would be a new series each time). */
    static final String COMMIT = "config.commit";

    /** The tag saying what became of the commit. */
    static final String OUTCOME = "outcome";

    private final Tracer tracer;

    private final Propagator propagator;

    ApplySpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** Runs an apply in a span that continues {@code traceparent} (if not null), tagged with whether it applied. */
    boolean traced(String commit, String traceparent, BooleanSupplier apply) {
        Span.Builder builder = traceparent == null ? tracer.spanBuilder()
                : propagator.extract(Map.of("traceparent", traceparent), Map::get);
        Span span = builder.name(NAME).tag(COMMIT, commit).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            boolean applied = apply.getAsBoolean();
            span.tag(OUTCOME, applied ? "applied" : "refused");
            return applied;
        }
        catch (RuntimeException ex) {
            span.tag(OUTCOME, "failed");
            span.error(ex);
            throw ex;
        }
        finally {
            span.end();
        }
    }
}

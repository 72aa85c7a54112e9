package io.edgeway.config.revision;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The span {@value #NAME} of each check of a new head of the branch, tagged with the commit and whether it was
 * published or refused; the revision carries its W3C {@code traceparent} to the clients, so that each gateway's apply
 * of the commit is a child span in the same trace. A child of the current span when there is one (a webhook's
 * request). With tracing off, no span and no traceparent.
 */
@Component
public class PublishSpans {

    /** The span's name. */
    public static final String NAME = "config.publish";

    /** The tag naming the commit: on the span only (a metric tag per commit would be a new series each time). */
    public static final String COMMIT = "config.commit";

    /** The tag saying what became of the commit: {@code published} or {@code refused}. */
    public static final String OUTCOME = "outcome";

    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;

    private final Propagator propagator;

    PublishSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** Runs a check (and publication) of the branch in a new span, which ends with the verdict it returns. */
    Revision traced(Supplier<Revision> check) {
        Span span = tracer.nextSpan().name(NAME).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            Revision revision = check.get();
            span.tag(COMMIT, revision.commit()).tag(OUTCOME, revision.valid() ? "published" : "refused");
            return revision;
        }
        catch (RuntimeException ex) {
            span.error(ex);
            throw ex;
        }
        finally {
            span.end();
        }
    }

    /** The W3C traceparent of the current span, or null when there is none. */
    String currentTraceparent() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields.get(TRACEPARENT);
    }
}

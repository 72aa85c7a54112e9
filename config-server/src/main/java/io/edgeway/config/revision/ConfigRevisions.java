package io.edgeway.config.revision;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The published (last valid) commit, the latest rejections, why nothing is published yet (if so), and who wants to
 * hear about a new publication.
 */
@Component
public class ConfigRevisions {

    private static final int KEPT_REJECTIONS = 20;

    private volatile Revision published;

    private volatile Revision latest;

    private volatile String unpublishedReason = "the config repository has not been checked yet";

    private final Deque<Revision> rejected = new ArrayDeque<>();

    private final List<Consumer<Revision>> listeners = new CopyOnWriteArrayList<>();

    private final Counter publishedCount;

    private final Counter rejectedCount;

    ConfigRevisions(MeterRegistry meters) {
        this.publishedCount = Counter.builder("edgeway.config.revisions.published")
                .description("Commits validated and published to clients").register(meters);
        this.rejectedCount = Counter.builder("edgeway.config.revisions.rejected")
                .description("Commits refused by validation").register(meters);
    }

    public Optional<Revision> published() {
        return Optional.ofNullable(published);
    }

    /** Why no commit is published, while none is: clients are then served nothing. */
    public Optional<String> whyNothingPublished() {
        return published == null ? Optional.of(unpublishedReason) : Optional.empty();
    }

    void nothingPublishable(String reason) {
        unpublishedReason = reason;
    }

    /** The newest commit checked, valid or not. */
    public Optional<Revision> latest() {
        return Optional.ofNullable(latest);
    }

    public synchronized List<Revision> rejected() {
        return List.copyOf(rejected);
    }

    void publish(Revision revision) {
        latest = revision;
        published = revision;
        publishedCount.increment();
        listeners.forEach(listener -> listener.accept(revision));
    }

    synchronized void reject(Revision revision) {
        latest = revision;
        rejected.addFirst(revision);
        while (rejected.size() > KEPT_REJECTIONS) {
            rejected.removeLast();
        }
        rejectedCount.increment();
    }

    /** Called with every newly published revision. */
    public void onPublish(Consumer<Revision> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Revision> listener) {
        listeners.remove(listener);
    }
}

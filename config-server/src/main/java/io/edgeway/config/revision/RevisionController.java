package io.edgeway.config.revision;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What clients subscribe to: the published commit now ({@code GET /revisions/current}, for periodic checks) and
 * every newly published one as it happens ({@code GET /revisions/stream}, server-sent events). Both name the commit
 * and the W3C {@code traceparent} of its publication ({@link PublishSpans}).
 */
@RestController
class RevisionController {

    private final ConfigRevisions revisions;

    private final Set<SseEmitter> subscribers = new CopyOnWriteArraySet<>();

    RevisionController(ConfigRevisions revisions) {
        this.revisions = revisions;
        revisions.onPublish(this::broadcast);
    }

    @GetMapping("/revisions/current")
    Map<String, Object> current() {
        return view(revisions);
    }

    @GetMapping(value = "/revisions/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        SseEmitter emitter = new SseEmitter(0L);
        subscribers.add(emitter);
        Consumer<Object> remove = ignored -> subscribers.remove(emitter);
        emitter.onCompletion(() -> remove.accept(null));
        emitter.onTimeout(() -> remove.accept(null));
        emitter.onError(remove::accept);
        revisions.published().ifPresent(revision -> send(emitter, revision));
        return emitter;
    }

    /** Ends the streams first, or the graceful shutdown would wait for them as for requests in flight. */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        subscribers.forEach(SseEmitter::complete);
        subscribers.clear();
    }

    /** Comments keep idle connections open through proxies and reveal dead subscribers. */
    @Scheduled(fixedRate = 15_000)
    void heartbeat() {
        subscribers.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            }
            catch (IOException | IllegalStateException ex) {
                subscribers.remove(emitter);
            }
        });
    }

    private void broadcast(Revision revision) {
        subscribers.forEach(emitter -> send(emitter, revision));
    }

    private void send(SseEmitter emitter, Revision revision) {
        try {
            // The traceparent lets the subscriber's apply of the commit join the trace of its publication.
            Map<String, String> data = new LinkedHashMap<>();
            data.put("commit", revision.commit());
            if (revision.traceparent() != null) {
                data.put("traceparent", revision.traceparent());
            }
            emitter.send(SseEmitter.event().name("revision").id(revision.commit()).data(data, MediaType.APPLICATION_JSON));
        }
        catch (IOException | IllegalStateException ex) {
            subscribers.remove(emitter);
        }
    }

    static Map<String, Object> view(ConfigRevisions revisions) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("published", revisions.published().orElse(null));
        view.put("latest", revisions.latest().orElse(null));
        view.put("rejected", revisions.rejected());
        return view;
    }
}

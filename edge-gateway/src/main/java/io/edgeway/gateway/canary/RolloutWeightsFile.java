package io.edgeway.gateway.canary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.rollout.WeightOverlay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last weights the rollout controller set, kept in one JSON file ({@code edgeway.gateway.canary.rollout-weights-file})
 * so that a gateway restarted while the controller is unreachable starts at the weights the rest of the fleet runs,
 * not at the committed ones. A change is written on the given executor, never on the caller's thread, to a temporary
 * file moved over the old one: a crash leaves the old weights or the new, never half of them. A failed write is
 * logged (once until a write succeeds again), counted and tried again with the next report; it changes nothing else.
 */
public final class RolloutWeightsFile {

    /** Counter of writes of the file that failed. */
    public static final String FAILURES_METRIC = "edgeway.canary.rollout.weights.file.failures";

    private static final Logger log = LoggerFactory.getLogger(RolloutWeightsFile.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    private final Executor writer;

    private final Counter failures;

    /** The newest weights not written yet; writes of older ones are skipped. */
    private final AtomicReference<WeightOverlay> pending = new AtomicReference<>();

    private final AtomicBoolean writing = new AtomicBoolean();

    /** The weights last loaded or handed to {@link #keep}, to write only a change. */
    private volatile WeightOverlay kept;

    private volatile boolean failing;

    public RolloutWeightsFile(Path file, Executor writer, MeterRegistry meters) {
        this.file = file;
        this.writer = writer;
        this.failures = Counter.builder(FAILURES_METRIC)
                .description("Writes of the rollout weights file that failed").register(meters);
    }

    /** The weights kept in the file; none when there is no file or it cannot be read (logged with the reason). */
    public WeightOverlay load() {
        WeightOverlay loaded = WeightOverlay.NONE;
        if (!Files.exists(file)) {
            log.info("No rollout weights kept in {}: committed weights apply until the rollout controller answers",
                    file);
        }
        else {
            try {
                loaded = JSON.readValue(file.toFile(), WeightOverlay.class);
                if (loaded == null) {
                    throw new IOException("the file holds no weights");
                }
                log.info("Rollout weights of {} route(s) (config commit {}) resumed from {}", loaded.routes().size(),
                        loaded.commit(), file);
            }
            catch (IOException | RuntimeException ex) {
                loaded = WeightOverlay.NONE;
                log.warn("Rollout weights in {} unreadable, ignored: committed weights apply until the rollout "
                        + "controller answers ({})", file, ex.toString());
            }
        }
        kept = loaded;
        return loaded;
    }

    /** Writes {@code overlay} if it differs from the weights kept; returns at once. */
    public void keep(WeightOverlay overlay) {
        if (overlay == null || overlay.equals(kept)) {
            return;
        }
        kept = overlay;
        pending.set(overlay);
        drain();
    }

    /** One write at a time, of the newest weights; a change that arrives during a write is written after it. */
    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    WeightOverlay next;
                    while ((next = pending.getAndSet(null)) != null) {
                        write(next);
                    }
                }
                finally {
                    writing.set(false);
                }
                if (pending.get() != null) {
                    drain();
                }
            });
        }
        catch (RuntimeException ex) { // a rejected task: the next report tries again
            writing.set(false);
            kept = null;
            failed(ex);
        }
    }

    private void write(WeightOverlay overlay) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            try {
                JSON.writeValue(temporary.toFile(), overlay);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            finally {
                Files.deleteIfExists(temporary);
            }
            if (failing) {
                failing = false;
                log.info("Rollout weights kept in {} again", file);
            }
        }
        catch (IOException | RuntimeException ex) {
            // Tried again with the next report, which brings the same weights.
            if (overlay.equals(kept)) {
                kept = null;
            }
            failed(ex);
        }
    }

    private void failed(Exception ex) {
        failures.increment();
        if (!failing) {
            failing = true;
            log.warn("Could not keep the rollout weights in {} (a restart while the controller is unreachable would "
                    + "start from older ones); further failures are counted in {}: {}", file, FAILURES_METRIC,
                    ex.toString());
        }
        else {
            log.debug("Could not keep the rollout weights in {}: {}", file, ex.toString());
        }
    }

    public Path file() {
        return file;
    }
}

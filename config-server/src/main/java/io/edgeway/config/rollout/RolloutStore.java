package io.edgeway.config.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.rollout.RolloutEvent;
import io.edgeway.gateway.rollout.RolloutState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollouts' progress and audit trail in one JSON file, written whole to a temporary file and moved over the old
 * one, so a crash leaves the old state or the new, never half of one.
 */
final class RolloutStore {

    /** What is kept: each route's state, and the newest audit events first. */
    record Saved(Map<String, RolloutState> states, List<RolloutEvent> audit) {

        static final Saved EMPTY = new Saved(Map.of(), List.of());
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    RolloutStore(Path file) {
        this.file = file;
    }

    Saved load() throws IOException {
        if (!Files.exists(file)) {
            return Saved.EMPTY;
        }
        return JSON.readValue(file.toFile(), Saved.class);
    }

    void save(Saved saved) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), saved);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Path file() {
        return file;
    }
}

package io.edgeway.gateway.revision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;

/** The last config this gateway applied, on disk: what it starts from when the config server is down. */
public final class LastGoodConfigCache {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public LastGoodConfigCache(Path file) {
        this.file = file;
    }

    public Optional<ServedConfig> read() {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), ServedConfig.class));
    }

    /** Replaces the file atomically, so a crash mid-write never leaves a half-written cache. */
    public void write(ServedConfig config) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            JSON.writeValue(temp.toFile(), config);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public Path file() {
        return file;
    }

    /** {@code edgeway.gateway.config-push.cache-file}, else {@code ~/.edgeway/config-cache/<application>-<port>.json}. */
    public static LastGoodConfigCache of(Environment environment) {
        String configured = environment.getProperty("edgeway.gateway.config-push.cache-file");
        if (configured != null && !configured.isBlank()) {
            return new LastGoodConfigCache(Path.of(configured));
        }
        String name = environment.getProperty("spring.application.name", "edge-gateway") + "-"
                + environment.getProperty("server.port", "8080") + ".json";
        return new LastGoodConfigCache(Path.of(System.getProperty("user.home"), ".edgeway", "config-cache", name));
    }
}

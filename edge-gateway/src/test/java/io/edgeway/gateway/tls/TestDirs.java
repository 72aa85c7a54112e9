package io.edgeway.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** An empty directory for a test's CA and certificates, made fresh for each run. */
final class TestDirs {

    private TestDirs() {
    }

    static Path fresh(String dir) {
        try {
            Path path = Path.of(dir);
            if (Files.exists(path)) {
                try (var files = Files.walk(path)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

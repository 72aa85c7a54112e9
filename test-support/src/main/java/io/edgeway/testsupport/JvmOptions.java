package io.edgeway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The JVM options a service ships with, read from {@code jvm/<file>.options} as run.sh reads them. */
public final class JvmOptions {

    private JvmOptions() {
    }

    /** The options of {@code module}: the gateway's own file, or the one every other service shares. */
    public static List<String> of(Path repositoryRoot, String module) {
        String file = module.equals("edge-gateway") ? "edge-gateway.options" : "service.options";
        return read(repositoryRoot.resolve("jvm").resolve(file));
    }

    /** Every option in the file: blank lines and lines starting with {@code #} are left out. */
    public static List<String> read(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.split("\\s+"))).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

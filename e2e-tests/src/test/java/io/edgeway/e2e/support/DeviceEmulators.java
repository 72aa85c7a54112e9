package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.edgeway.testsupport.Processes;

import static org.awaitility.Awaitility.await;

/**
 * The emulated F5 and NetScaler of {@code lb-device-emulators} (its packaged jar, with the demo pools run.sh
 * preloads) as one process on two free loopback ports, stopped by its PID.
 */
public final class DeviceEmulators implements AutoCloseable {

    private final int f5Port = ServiceProcess.freePort();

    private final int nitroPort = ServiceProcess.freePort();

    private final Process process;

    public DeviceEmulators() {
        Path jar = Stack.root().resolve("lb-device-emulators/target/lb-device-emulators-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package (or verify) first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(ServiceProcess.jvmOptions("lb-device-emulators"));
        command.addAll(List.of("-jar", jar.toString(), "--bind=127.0.0.1", "--f5-port=" + f5Port,
                "--nitro-port=" + nitroPort, "--preload=demo"));
        Path log = Stack.logDir().resolve("lb-device-emulators-" + f5Port + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        await("device emulators up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(f5Url() + "/emulator/health").body().contains("\"UP\"")
                        && Http.get(nitroUrl() + "/emulator/health").body().contains("\"UP\""));
    }

    public String f5Url() {
        return "http://127.0.0.1:" + f5Port;
    }

    public String nitroUrl() {
        return "http://127.0.0.1:" + nitroPort;
    }

    /** SIGTERM to its PID (SIGKILL if it does not exit): both devices stop answering. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(20));
    }
}

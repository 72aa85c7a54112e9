package io.edgeway.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real PostgreSQL server (Debian's package {@code postgresql}; .ci/install-test-deps.sh installs it): a fresh
 * cluster ({@code initdb}, trust authentication, superuser {@code postgres}) in a temporary directory, served by
 * {@code postgres} on a free loopback port, stopped by its PID and deleted on {@link #close()}. PostgreSQL refuses to
 * run as root, so a root test run starts both as the {@code postgres} system user through {@code setpriv}, which
 * execs: the process held here is the postmaster itself.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private static final String SYSTEM_USER = "postgres";

    /** The superuser initdb creates; trust authentication, so no password. */
    public static final String USER = "postgres";

    private final Path bin;

    private final Path dir;

    private final int port;

    private final Path log;

    private final Process process;

    private PostgresServer(Path bin, Path dir, int port, Path log, Process process) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Creates a cluster and starts it; returns once it accepts JDBC connections. */
    public static PostgresServer start() {
        Path bin = findBinaries();
        boolean root = isRoot();
        if (root && !Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException(SETPRIV + " is missing (Debian package util-linux): needed to run "
                    + "PostgreSQL as the postgres user when the tests run as root");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("edgeway-pg-");
            if (root) {
                ownedByPostgres(dir);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = LoopbackPorts.free();
        Path log = Path.of("target", "postgres-" + port + ".log").toAbsolutePath();
        Process process = null;
        try {
            run(root, dir, log, bin.resolve("initdb").toString(), "-A", "trust", "-U", USER, "-D", dir.toString(),
                    "-E", "UTF8", "--locale=C", "--no-sync");
            process = launch(root, dir, log, true, bin.resolve("postgres").toString(), "-D", dir.toString(), "-p",
                    Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(), "-c", "fsync=off");
            PostgresServer server = new PostgresServer(bin, dir, port, log, process);
            server.awaitAcceptingConnections();
            return server;
        }
        catch (RuntimeException | Error e) {
            if (process != null) {
                stop(process);
            }
            deleteRecursively(dir);
            throw e;
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of the {@code postgres} database, which initdb creates. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public int port() {
        return port;
    }

    /** Where initdb and postgres came from (for example {@code /usr/lib/postgresql/15/bin}). */
    public Path binDirectory() {
        return bin;
    }

    /** A new connection to the {@code postgres} database as the superuser; close it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /** Stops the postmaster by its PID (SIGTERM, then SIGKILL if it does not exit in time) and deletes the cluster. */
    @Override
    public void close() {
        try {
            stop(process);
        }
        finally {
            deleteRecursively(dir);
        }
    }

    private void awaitAcceptingConnections() {
        await("PostgreSQL on port " + port + " accepts connections").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("postgres exited with " + process.exitValue() + ": "
                                + tail(log));
                    }
                    try (Connection connection = connect()) {
                        return connection.isValid(2);
                    }
                    catch (SQLException e) {
                        return false;
                    }
                });
    }

    /** The newest /usr/lib/postgresql/&lt;version&gt;/bin that has initdb and postgres. */
    private static Path findBinaries() {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_ROOT)) {
            try (Stream<Path> children = Files.list(DEBIAN_ROOT)) {
                children.filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(version -> Files.isExecutable(version.resolve("bin/initdb"))
                                && Files.isExecutable(version.resolve("bin/postgres")))
                        .forEach(versions::add);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return versions.stream().max(Comparator.comparingDouble(version -> Double.parseDouble(
                version.getFileName().toString()))).map(version -> version.resolve("bin"))
                .orElseThrow(() -> new IllegalStateException("PostgreSQL is missing: no " + DEBIAN_ROOT
                        + "/<version>/bin/{initdb,postgres}. Install the Debian package 'postgresql' "
                        + "(apt-get install postgresql, or run .ci/install-test-deps.sh)"));
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        }
        catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void ownedByPostgres(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            UserPrincipal user = lookup.lookupPrincipalByName(SYSTEM_USER);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(SYSTEM_USER);
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(user);
            view.setGroup(group);
        }
        catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("no '" + SYSTEM_USER + "' system user (the Debian package 'postgresql' "
                    + "creates it): needed to run PostgreSQL when the tests run as root", e);
        }
    }

    /** Runs a command to its end (as the postgres user when root); fails with its output if it fails. */
    private static void run(boolean root, Path dir, Path log, String... command) {
        Process process = launch(root, dir, log, false, command);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                stop(process);
                throw new IllegalStateException(command[0] + " did not finish in 120 s: " + tail(log));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed with " + process.exitValue() + ": " + tail(log));
        }
    }

    private static Process launch(boolean root, Path dir, Path log, boolean append, String... command) {
        List<String> line = new ArrayList<>();
        if (root) {
            // setpriv execs the command: the PID we hold is the command's, so stopping by PID reaches it.
            line.addAll(List.of(SETPRIV.toString(), "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER,
                    "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        File output = log.toFile();
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(output) : ProcessBuilder.Redirect.to(output));
        builder.environment().put("LC_ALL", "C");
        try {
            Files.createDirectories(log.getParent());
            return builder.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGTERM to the PID (a smart shutdown: the postmaster stops its own children), then SIGKILL to it and, by PID,
     * to any child still there if it has not exited in time.
     */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a postgres process did not exit", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

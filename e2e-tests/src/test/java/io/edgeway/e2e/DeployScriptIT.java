package io.edgeway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.edgeway.e2e.support.RunDir;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./run.sh deploy sample-backend} on the stack {@code ./run.sh} started: every instance replaced under GET and
 * POST load with no failed request; and a new build that does not start aborts the deploy, leaving the rest alone.
 */
class DeployScriptIT {

    private static final List<Integer> PORTS = List.of(8888, 8761, 8081, 8082, 8083, 8070, 8080, 9443, 9080);

    private static final Path RUN_DIR = Stack.root().resolve(".run");

    @Test
    void rollsEveryInstanceWithoutAFailedRequestAndAbortsOnABuildThatDoesNotStart() throws Exception {
        assertThat(PORTS).as("the stack's default ports are free").noneMatch(RunDir::inUse);
        Path output = Stack.logDir().resolve("deploy-run-sh.out");
        ProcessBuilder builder = new ProcessBuilder("bash", Stack.root().resolve("run.sh").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("EDGEWAY_LOG_DIR", Stack.logDir().resolve("deploy-run-sh").toString());
        builder.environment().put("LB_ADAPTER_DB_URL", "jdbc:h2:mem:deploy-script;DB_CLOSE_DELAY=-1");
        // Every test client comes from 127.0.0.1: the shipped per-address limit of public routes (20/s) would answer
        // the load loops 429 long before any backend is chosen (as Stack sets it for its gateways).
        builder.environment().put("EDGEWAY_GATEWAY_PUBLICROUTES_RATELIMIT_REQUESTS", "1000000");
        builder.environment().put("EDGEWAY_GATEWAY_PUBLICROUTES_RATELIMIT_BURST", "1000000");
        Process run = builder.start();
        try {
            await("run.sh reports the stack up").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!run.isAlive()) {
                            throw new IllegalStateException("run.sh exited: " + Files.readString(output));
                        }
                        return Files.readString(output).contains("edgeway is up");
                    });
            List<Long> before = pids();

            String url = "http://127.0.0.1:8080/hello/id";
            try (Traffic gets = Traffic.start(2, "GET", url); Traffic posts = Traffic.start(2, "POST", url)) {
                Result deploy = runSh(Duration.ofMinutes(15), "deploy", "sample-backend");
                assertThat(deploy.exit()).as(deploy.output()).isZero();
                assertThat(deploy.output()).contains("Deploy done");
                long answered = gets.answered() + posts.answered();
                await("traffic goes on").atMost(Duration.ofSeconds(30))
                        .until(() -> gets.answered() + posts.answered() > answered + 20);
                gets.close();
                posts.close();
                assertThat(gets.failures()).as("failed GETs").isEmpty();
                assertThat(posts.failures()).as("failed POSTs").isEmpty();
            }
            List<Long> after = pids();
            assertThat(after).as("every instance replaced").doesNotContainAnyElementsOf(before);
            assertThat(after).allMatch(RunDir::alive);

            Path broken = Files.writeString(Stack.logDir().resolve("broken-build.jar"), "not a jar");
            Result abort = runSh(Duration.ofMinutes(5), "deploy", "sample-backend", "--jar", broken.toString());
            assertThat(abort.exit()).isEqualTo(1);
            assertThat(abort.output()).contains("deploy aborted").contains("sample-backend-1")
                    .contains("exited during start-up").contains("not touched: sample-backend-2 sample-backend-3");
            List<Long> afterAbort = pids();
            assertThat(afterAbort.subList(1, 3)).as("the rest untouched").isEqualTo(after.subList(1, 3))
                    .allMatch(RunDir::alive);
            assertThat(RunDir.alive(afterAbort.get(0))).as("the broken build is not running").isFalse();

            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run.sh exited after SIGTERM").isTrue();
            assertThat(after).as("deployed instances stopped with the stack").noneMatch(RunDir::alive);
        }
        finally {
            if (run.isAlive()) {
                run.destroy();
                run.waitFor(90, TimeUnit.SECONDS);
            }
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result runSh(Duration timeout, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", Stack.root().resolve("run.sh").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(Stack.logDir(), "run-sh-deploy", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            throw new IllegalStateException("run.sh " + String.join(" ", args) + " still running after " + timeout
                    + ": " + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out));
    }

    private static List<Long> pids() {
        return IntStream.rangeClosed(1, 3).mapToObj(i -> RUN_DIR.resolve("sample-backend-" + i + ".pid"))
                .map(RunDir::readPid).toList();
    }
}

package io.edgeway.config.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDiffTest {

    private static final String ROUTES = """
            spring.cloud.gateway.server.webflux.routes:
              - id: hello
                uri: lb://sample-backend
                predicates: [ Path=/hello, 'Weight=hello, %s' ]
            """;

    @TempDir
    Path repo;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void printsRoutesAddedAndWeightsChanged() throws Exception {
        String before = commit(ROUTES.formatted(5));
        String after = commit(ROUTES.formatted(10) + """
                  - id: added
                    uri: lb://sample-backend
                    predicates: [ Path=/added ]
                """);

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("+ route added (predicates[0]=Path=/added, uri=lb://sample-backend)")
                .contains("~ route hello: weight predicates[1] Weight=hello, 5 -> Weight=hello, 10").endsWith("valid\n");
    }

    @Test
    void labelsCanaryShedAndAuthChanges() throws Exception {
        String policy = """
                spring.cloud.gateway.server.webflux.routes:
                  - id: api
                    uri: lb://sample-backend
                    predicates: [ Path=/api/** ]
                    filters:
                      - name: Canary
                        args: { stable: v1, canary: v2, weight: %s }
                    metadata: { scopes: %s }
                edgeway.gateway:
                  shedding.max-limit: %s
                  auth.issuer: %s
                """;
        String before = commit(policy.formatted(5, "api", 200, "edgeway-demo"));
        String after = commit(policy.formatted(10, "api admin", 300, "https://login.example.com"));

        assertThat(run(before, after)).isZero();
        assertThat(output()).contains("weight filters[0].args.weight 5 -> 10")
                .contains("auth metadata.scopes api -> api admin")
                .contains("~ shedding edgeway.gateway.shedding.max-limit: 200 -> 300")
                .contains("~ auth edgeway.gateway.auth.issuer: edgeway-demo -> https://login.example.com");
    }

    @Test
    void refusesAnInvalidRevisionWithItsReasons() throws Exception {
        String before = commit(ROUTES.formatted(5));
        String after = commit(ROUTES.formatted(140));

        assertThat(run(before, after)).isEqualTo(1);
        assertThat(output()).contains("INVALID").contains("route 'hello', Weight weight: 140 is outside 0–100");
    }

    @Test
    void refusesBadUsage() throws Exception {
        assertThat(new ConfigDiff(new PrintStream(output)).run(new String[] { "only-one" })).isEqualTo(2);
    }

    private int run(String before, String after) throws Exception {
        return new ConfigDiff(new PrintStream(output, true, StandardCharsets.UTF_8))
                .run(new String[] { "--repo", repo.toString(), before, after });
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private String commit(String gatewayConfig) throws Exception {
        Files.createDirectories(repo.resolve("config-repo"));
        Files.writeString(repo.resolve("config-repo/edge-gateway.yml"), gatewayConfig);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("change").setAuthor("t", "t@t").setCommitter("t", "t@t").setSign(false).call()
                    .getName();
        }
    }
}

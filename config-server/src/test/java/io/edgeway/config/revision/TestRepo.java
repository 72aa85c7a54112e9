package io.edgeway.config.revision;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;

/** A real git repository the tests commit config to. */
final class TestRepo {

    static final String GOOD_ROUTES = """
            spring.cloud.gateway.server.webflux.routes:
              - id: hello
                uri: lb://sample-backend
                predicates: [ Path=/hello ]
            """;

    private final Path dir;

    TestRepo(Path dir) {
        this.dir = dir;
    }

    String commit(String file, String content) throws Exception {
        Files.writeString(dir.resolve(file), content);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("Change " + file).setAuthor("test", "test@edgeway.local")
                    .setCommitter("test", "test@edgeway.local").setSign(false).call().getName();
        }
    }
}

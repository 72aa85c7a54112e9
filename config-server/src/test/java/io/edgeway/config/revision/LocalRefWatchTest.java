package io.edgeway.config.revision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalRefWatchTest {

    @TempDir
    Path dir;

    private final AtomicInteger changes = new AtomicInteger();

    @Test
    void callsBackOnACommitToTheBranch() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "a: 1");
            try (LocalRefWatch watch = new LocalRefWatch(dir.resolve(".git"), "main", changes::incrementAndGet)) {
                commit(git, "a: 2");

                await("a change reported").atMost(Duration.ofSeconds(5)).until(() -> changes.get() > 0);
            }
        }
    }

    @Test
    void callsBackWhenTheRefsArePacked() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "a: 1");
            try (LocalRefWatch watch = new LocalRefWatch(dir.resolve(".git"), "main", changes::incrementAndGet)) {
                git.gc().call();

                await("a change reported").atMost(Duration.ofSeconds(5)).until(() -> changes.get() > 0);
            }
        }
    }

    @Test
    void ignoresOtherBranchesAndFiles() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "a: 1");
            try (LocalRefWatch watch = new LocalRefWatch(dir.resolve(".git"), "main", changes::incrementAndGet)) {
                git.branchCreate().setName("feature").call();
                Files.writeString(dir.resolve(".git/description"), "unrelated");
                git.checkout().setName("feature").call();
                commit(git, "a: 3");
                git.checkout().setName("main").call();
                commit(git, "a: 4");

                await("the commit to main reported").atMost(Duration.ofSeconds(5)).until(() -> changes.get() > 0);
                assertThat(changes.get()).as("only main's own ref write").isOne();
            }
        }
    }

    private void commit(Git git, String content) throws Exception {
        Files.writeString(dir.resolve("application.yml"), content);
        git.add().addFilepattern("application.yml").call();
        git.commit().setMessage(content).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
    }
}

package io.edgeway.config.revision;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BranchHeadTest {

    @TempDir
    Path dir;

    @Test
    void readsALocalRepositoryInPlaceAndSeesEachNewCommit() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            RevCommit first = commit(git, "a: 1");
            BranchHead head = new BranchHead(dir.toString(), null, null);

            assertThat(head.of("main")).isEqualTo(first.getName());
            RevCommit second = commit(git, "a: 2");
            assertThat(head.of("main")).isEqualTo(second.getName());
            assertThat(head.of("no-such-branch")).isNull();
            git.gc().call();
            assertThat(head.of("main")).as("packed refs").isEqualTo(second.getName());
        }
    }

    @Test
    void asksARemoteWithLsRemote() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            RevCommit first = commit(git, "a: 1");

            assertThat(new BranchHead(dir.toUri().toString(), null, null).of("main")).isEqualTo(first.getName());
        }
    }

    @Test
    void onlyAnExistingDirectoryWithoutSchemeIsLocal() {
        assertThat(BranchHead.isLocalPath(dir.toString())).isTrue();
        assertThat(BranchHead.isLocalPath(dir.toUri().toString())).isFalse();
        assertThat(BranchHead.isLocalPath("https://git.example/config.git")).isFalse();
        assertThat(BranchHead.isLocalPath("git@git.example:team/config.git")).isFalse();
    }

    private RevCommit commit(Git git, String content) throws Exception {
        Files.writeString(dir.resolve("application.yml"), content);
        git.add().addFilepattern("application.yml").call();
        return git.commit().setMessage(content).setAuthor("t", "t@localhost").setCommitter("t", "t@localhost").call();
    }
}

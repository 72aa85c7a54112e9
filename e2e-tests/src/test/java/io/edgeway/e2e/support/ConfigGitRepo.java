package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository seeded with the project's config-repo/, which the tests commit to. */
public final class ConfigGitRepo {

    private final Path dir;

    private ConfigGitRepo(Path dir) {
        this.dir = dir;
    }

    public static ConfigGitRepo seededFromProject() {
        try {
            Path dir = Files.createTempDirectory("edgeway-config-repo");
            try (Stream<Path> files = Files.list(Stack.root().resolve("config-repo"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().close();
            ConfigGitRepo repo = new ConfigGitRepo(dir);
            repo.commitAll("Seed from config-repo/");
            return repo;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GitAPIException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A plain path: the config server clones it, as it clones any remote. */
    public String uri() {
        return dir.toString();
    }

    public String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes the file and commits it; returns the commit id. */
    public String commit(String file, String content, String message) {
        try {
            Files.writeString(dir.resolve(file), content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return commitAll(message);
    }

    /** Commits the file on {@code branch} (made from main), then checks main out again; returns the commit id. */
    public String commitOnBranch(String branch, String file, String content, String message) {
        try (Git git = Git.open(dir.toFile())) {
            git.checkout().setCreateBranch(true).setName(branch).call();
            try {
                return commit(file, content, message);
            }
            finally {
                git.checkout().setName("main").call();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GitAPIException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String commitAll(String message) {
        try (Git git = Git.open(dir.toFile())) {
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit().setMessage(message).setAuthor("e2e", "e2e@edgeway.local")
                    .setCommitter("e2e", "e2e@edgeway.local").setSign(false).call();
            return commit.getName();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GitAPIException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

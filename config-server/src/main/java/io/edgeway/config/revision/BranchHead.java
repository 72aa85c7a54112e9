package io.edgeway.config.revision;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The commit a branch of the config repository points at now. A repository on this machine (a plain path) is read
 * in place, through one open {@link Repository} whose ref reads cost a file status check; a remote one is asked
 * with {@code git ls-remote}. An ls-remote of a local path opens the repository and starts an upload-pack thread
 * each time: at two polls a second that was most of an idle config server's CPU.
 */
final class BranchHead {

    private final String uri;

    private final String username;

    private final String password;

    private Repository local;

    BranchHead(String uri, String username, String password) {
        this.uri = uri;
        this.username = username;
        this.password = password;
    }

    /** The branch's commit id, or null when the branch does not exist. */
    synchronized String of(String branch) {
        try {
            return openLocal() != null ? localHead(branch) : remoteHead(branch);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The git directory of a repository on this machine, or null for a remote one. */
    synchronized Path localDirectory() throws IOException {
        // Branches live in the common directory, also when the path is a linked worktree of another clone.
        return openLocal() == null ? null : local.getCommonDirectory().toPath();
    }

    private Repository openLocal() throws IOException {
        if (local == null && isLocalPath(uri)) {
            local = new FileRepositoryBuilder().findGitDir(new File(uri)).setMustExist(true).build();
        }
        return local;
    }

    private String localHead(String branch) throws IOException {
        Ref ref = local.exactRef("refs/heads/" + branch);
        return ref == null || ref.getObjectId() == null ? null : ref.getObjectId().getName();
    }

    private String remoteHead(String branch) {
        try {
            var lsRemote = Git.lsRemoteRepository().setRemote(uri).setHeads(true);
            if (username != null && !username.isBlank()) {
                lsRemote.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username,
                        Objects.requireNonNullElse(password, "")));
            }
            return lsRemote.call().stream().filter(ref -> ref.getName().equals("refs/heads/" + branch))
                    .map(Ref::getObjectId).filter(Objects::nonNull).map(id -> id.getName()).findFirst().orElse(null);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }

    static boolean isLocalPath(String uri) {
        return !uri.contains("://") && !uri.matches("^[^/]+@[^/]+:.*") && new File(uri).isDirectory();
    }
}

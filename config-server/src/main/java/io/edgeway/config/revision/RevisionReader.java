package io.edgeway.config.revision;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads the files of one commit, under the search paths, straight from a local clone's object database. */
public final class RevisionReader {

    private final File clone;

    private final List<String> searchPaths;

    public RevisionReader(File clone, List<String> searchPaths) {
        this.clone = clone;
        this.searchPaths = searchPaths.stream().map(p -> p.replaceAll("^/+|/+$", "")).filter(p -> !p.isEmpty()).toList();
    }

    /** Path → content of every file of the commit under the search paths (the whole tree when there are none). */
    public Map<String, String> files(String commit) {
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(ObjectId.fromString(commit));
            tree.addTree(revCommit.getTree());
            tree.setRecursive(true);
            Map<String, String> files = new LinkedHashMap<>();
            while (tree.next()) {
                String path = tree.getPathString();
                if (underSearchPath(path)) {
                    byte[] bytes = repository.open(tree.getObjectId(0)).getBytes();
                    files.put(path, new String(bytes, StandardCharsets.UTF_8));
                }
            }
            return files;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The commit and its first-parent ancestors, newest first, at most {@code depth} of them. */
    public List<String> history(String commit, int depth) {
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
            List<String> commits = new ArrayList<>();
            RevCommit current = walk.parseCommit(ObjectId.fromString(commit));
            while (current != null && commits.size() < depth) {
                commits.add(current.getName());
                current = current.getParentCount() == 0 ? null : walk.parseCommit(current.getParent(0));
            }
            return commits;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** When the commit was made (its committer time, whole seconds). */
    public Instant commitTime(String commit) {
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(ObjectId.fromString(commit)).getCommitterIdent().getWhenAsInstant();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private boolean underSearchPath(String path) {
        if (searchPaths.isEmpty()) {
            return !path.contains("/");
        }
        return searchPaths.stream().anyMatch(p -> path.startsWith(p + "/") && !path.substring(p.length() + 1).contains("/"));
    }

    private Repository open() throws IOException {
        return new FileRepositoryBuilder().setGitDir(new File(clone, ".git")).setMustExist(true).build();
    }
}

package io.edgeway.config.revision;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back as soon as a branch of a git repository on this machine may have moved: the file system reports
 * writes of the branch's ref file and of {@code packed-refs} (inotify on Linux), so a commit is noticed within
 * milliseconds and an idle server polls nothing.
 */
final class LocalRefWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRefWatch.class);

    private final WatchService service;

    private final Path refDirectory;

    private final String refFile;

    private final Runnable onChange;

    private final Thread thread;

    LocalRefWatch(Path gitDirectory, String branch, Runnable onChange) throws IOException {
        Path ref = gitDirectory.resolve("refs/heads").resolve(branch);
        this.refDirectory = ref.getParent();
        this.refFile = ref.getFileName().toString();
        this.onChange = onChange;
        this.service = gitDirectory.getFileSystem().newWatchService();
        // A branch in a folder made later (refs/heads/release/...) is only seen by the slower poll.
        if (Files.isDirectory(refDirectory)) {
            refDirectory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        }
        gitDirectory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::run, "config-ref-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean moved = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    moved |= event.kind() == StandardWatchEventKinds.OVERFLOW || concerns(key, event.context());
                }
                key.reset();
                if (moved) {
                    notifyChange();
                }
            }
        }
        catch (InterruptedException | ClosedWatchServiceException ex) {
            // closed
        }
    }

    private boolean concerns(WatchKey key, Object file) {
        String name = String.valueOf(file);
        return key.watchable().equals(refDirectory) ? name.equals(refFile) : name.equals("packed-refs");
    }

    private void notifyChange() {
        try {
            onChange.run();
        }
        catch (RuntimeException ex) {
            log.warn("Checking the branch after a ref change failed: {}", ex.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}

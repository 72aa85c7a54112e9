package io.edgeway.config.revision;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import io.edgeway.config.config.ConfigPushProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.config.server.environment.MultipleJGitEnvironmentRepository;
import org.springframework.core.io.UrlResource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Notices new commits on the branch (at once for a repository on this machine, through {@link LocalRefWatch}; else
 * a cheap {@code ls-remote} every poll interval; and at once on a webhook),
 * validates them, and publishes the valid ones: the config server's default label is pinned to the last valid
 * commit, so no client is ever served a commit that failed validation. A valid commit's answers for the gateways are
 * built before it is published ({@link CommitEnvironmentCache#prebuild}), so no gateway waits for them.
 */
@Component
public class RevisionWatcher implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RevisionWatcher.class);

    /** With a file watch on the branch, the poll is only a safety net (a watch that missed a change). */
    private static final long WATCHED_POLL_NANOS = Duration.ofSeconds(10).toNanos();

    private final MultipleJGitEnvironmentRepository repository;

    private final ConfigRevisions revisions;

    private final ConfigPushProperties properties;

    private final RevisionValidator validator;

    private final CommitEnvironmentCache answers;

    private final List<CommitEnvironmentCache.Asker> askers;

    private final BranchHead branchHead;

    private volatile String lastHead;

    private volatile LocalRefWatch refWatch;

    private volatile long lastPoll = System.nanoTime();

    private final Counter fetches;

    private final RevisionMetrics metrics;

    private final PublishSpans spans;

    RevisionWatcher(MultipleJGitEnvironmentRepository repository, ConfigRevisions revisions,
            ConfigPushProperties properties, CommitEnvironmentCache answers, RevisionMetrics metrics,
            PublishSpans spans, MeterRegistry meters) {
        this.metrics = metrics;
        this.spans = spans;
        this.fetches = Counter.builder("edgeway.config.fetches")
                .description("Fetches of the branch into the server's clone: start-up, a moved head, a webhook")
                .register(meters);
        this.repository = repository;
        this.revisions = revisions;
        this.properties = properties;
        this.answers = answers;
        this.askers = properties.prebuild().stream().map(CommitEnvironmentCache.Asker::parse).toList();
        this.validator = new RevisionValidator(new HashSet<>(properties.extraPredicates()),
                new HashSet<>(properties.extraFilters()));
        this.branchHead = new BranchHead(repository.getUri(), repository.getUsername(), repository.getPassword());
    }

    /**
     * Before the web server starts: publish the newest valid commit, looking back in history if the head is bad. When
     * there is none, or the fetch fails, nothing is published and clients are refused ({@link UnpublishedConfigGuard})
     * until a valid commit is found: never the unvalidated head.
     */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            String head = fetchBranch();
            spans.traced(() -> publishNewestValid(head));
        }
        catch (RuntimeException ex) {
            revisions.nothingPublishable("the start-up fetch of " + properties.branch() + " failed (" + ex.getMessage()
                    + "); retried every poll");
            log.error("Could not fetch the config repository at start-up: serving no config until a valid commit is"
                    + " found; retrying every poll", ex);
        }
        finally {
            watchLocalBranch();
        }
    }

    /** Publishes the newest valid commit among the head and its ancestors; returns it, or the head's verdict. */
    private Revision publishNewestValid(String head) {
        lastHead = head;
        RevisionReader reader = reader();
        List<Revision> invalid = new ArrayList<>();
        for (String commit : reader.history(head, properties.historyDepth())) {
            Revision revision = check(reader, commit);
            if (revision.valid()) {
                publish(revision, "");
                // Found at start-up or after a run of bad commits: its age says nothing about the push path.
                metrics.published(revision.commit(), null);
                for (int i = invalid.size() - 1; i >= 0; i--) {
                    reject(invalid.get(i));
                }
                return revision;
            }
            invalid.add(revision);
        }
        Revision headVerdict = invalid.get(0);
        reject(headVerdict);
        revisions.nothingPublishable("no valid commit among the last " + properties.historyDepth() + " of "
                + properties.branch() + "; its head " + head + ": " + String.join("; ", headVerdict.problems()));
        log.error("No valid commit in the last {} of {}: serving no config until a valid one is committed",
                properties.historyDepth(), properties.branch());
        return headVerdict;
    }

    private void watchLocalBranch() {
        try {
            Path gitDirectory = branchHead.localDirectory();
            if (gitDirectory != null) {
                refWatch = new LocalRefWatch(gitDirectory, properties.branch(), this::checkIfMoved);
            }
        }
        catch (IOException | RuntimeException ex) {
            log.warn("Cannot watch the config repository's files, polling it every {} instead: {}",
                    properties.pollInterval(), ex.getMessage());
        }
    }

    @Override
    public void destroy() throws IOException {
        if (refWatch != null) {
            refWatch.close();
        }
    }

    @Scheduled(fixedDelayString = "${edgeway.config.poll-interval:500ms}", initialDelayString = "${edgeway.config.poll-interval:500ms}")
    void poll() {
        if (refWatch == null || System.nanoTime() - lastPoll >= WATCHED_POLL_NANOS) {
            checkIfMoved();
        }
    }

    private void checkIfMoved() {
        lastPoll = System.nanoTime();
        try {
            String head = branchHead.of(properties.branch());
            if (head != null && !head.equals(lastHead)) {
                checkNow();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Could not read the head of {}: {}", properties.branch(), ex.getMessage());
        }
    }

    /**
     * Fetches the branch, validates its head and publishes it if valid; returns the verdict. While nothing is
     * published yet, looks back in history as at start-up.
     */
    public synchronized Revision checkNow() {
        long started = System.nanoTime();
        String head = fetchBranch();
        Revision published = revisions.published().orElse(null);
        if (published == null) {
            Revision judged = revisions.latest().orElse(null);
            return judged != null && head.equals(lastHead) && judged.commit().equals(head) ? judged
                    : spans.traced(() -> publishNewestValid(head));
        }
        if (published.commit().equals(head)) {
            lastHead = head;
            return published;
        }
        return spans.traced(() -> checkHead(head, started));
    }

    /** Validates a new head and publishes it if valid. */
    private Revision checkHead(String head, long started) {
        long fetched = System.nanoTime();
        Revision revision = check(reader(), head);
        if (revision.valid()) {
            publish(revision, "fetched in " + millis(started, fetched) + " ms, validated in "
                    + millis(fetched, System.nanoTime()) + " ms, ");
            metrics.published(revision.commit(), reader().commitTime(revision.commit()));
        }
        else if (!Objects.equals(head, lastHead)) {
            reject(revision);
        }
        lastHead = head;
        return revision;
    }

    private Revision check(RevisionReader reader, String commit) {
        Revision revision = new Revision(commit, Instant.now(), validator.validate(reader.files(commit)),
                spans.currentTraceparent());
        if (revision.valid()) {
            metrics.validated();
        }
        return revision;
    }

    private void publish(Revision revision, String timings) {
        long started = System.nanoTime();
        var prebuilt = answers.prebuild(revision.commit(), askers);
        long prebuiltAt = System.nanoTime();
        repository.setDefaultLabel(revision.commit());
        revisions.publish(revision);
        log.info("Published config commit {} ({}answers for {} built in {} ms)", revision.commit(), timings, prebuilt,
                millis(started, prebuiltAt));
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private void reject(Revision revision) {
        revisions.reject(revision);
        log.warn("Refused config commit {}, still serving {}: {}", revision.commit(),
                revisions.published().map(Revision::commit).orElse("nothing"), String.join("; ", revision.problems()));
    }

    /** Fetches the branch into the server's clone; returns its head commit. */
    private String fetchBranch() {
        fetches.increment();
        repository.setLastRefresh(0); // past refresh-rate, which only spares clients a fetch
        // Locations, not findOne: the same fetch and checkout, without building an environment nobody asked for.
        String head = repository.getLocations("application", "default", properties.branch()).getVersion();
        if (head != null && !head.equals(lastHead)) {
            metrics.noticed();
        }
        return head;
    }

    private RevisionReader reader() {
        String[] paths = repository.getSearchPaths();
        return new RevisionReader(checkout(), paths == null ? List.of() : Arrays.asList(paths));
    }

    /** Where the server reads the repository: a {@code file:} URI in place, as Spring Cloud Config does; else its clone. */
    private File checkout() {
        String uri = repository.getUri();
        if (uri == null || !uri.startsWith("file:")) {
            return repository.getBasedir();
        }
        try {
            return new UrlResource(StringUtils.cleanPath(uri)).getFile();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

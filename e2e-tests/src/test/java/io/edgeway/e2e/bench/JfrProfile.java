package io.edgeway.e2e.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went in a JDK Flight Recorder file: its busiest Java threads ({@code jdk.ThreadCPULoad}, a pool's
 * threads folded into one line) and the methods most often on top of the stack ({@code jdk.ExecutionSample}).
 */
final class JfrProfile {

    /** One {@code jdk.ThreadCPULoad} sample: the thread and its share of the whole machine's CPU. */
    record ThreadLoad(long threadId, String threadName, double machineShare) {
    }

    private final List<ThreadLoad> loads;

    private final List<String> topFrames;

    JfrProfile(List<ThreadLoad> loads, List<String> topFrames) {
        this.loads = List.copyOf(loads);
        this.topFrames = List.copyOf(topFrames);
    }

    static JfrProfile read(Path file) throws IOException {
        List<ThreadLoad> loads = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ThreadCPULoad")) {
                RecordedThread thread = event.getThread("eventThread");
                loads.add(new ThreadLoad(thread == null ? -1 : thread.getJavaThreadId(),
                        thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName(),
                        event.getFloat("user") + event.getFloat("system")));
            }
            else if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null
                    && !event.getStackTrace().getFrames().isEmpty()) {
                RecordedFrame top = event.getStackTrace().getFrames().get(0);
                frames.add(top.getMethod().getType().getName() + "." + top.getMethod().getName());
            }
        }
        return new JfrProfile(loads, frames);
    }

    /**
     * The {@code top} busiest threads, "name ms/s" joined by "; ": each thread's mean load, summed over the threads
     * whose names differ only in their last number ("pool-N (3 threads)"); "none" without samples.
     */
    String busiestThreads(int cpus, int top) {
        Map<Long, List<ThreadLoad>> byThread = loads.stream()
                .collect(Collectors.groupingBy(ThreadLoad::threadId, LinkedHashMap::new, Collectors.toList()));
        Map<String, double[]> byPool = new LinkedHashMap<>();
        for (List<ThreadLoad> samples : byThread.values()) {
            double millisPerSecond = samples.stream().mapToDouble(ThreadLoad::machineShare).average().orElse(0) * cpus * 1000;
            double[] pool = byPool.computeIfAbsent(samples.get(0).threadName().replaceAll("[0-9]+$", "N"), n -> new double[2]);
            pool[0] += millisPerSecond;
            pool[1]++;
        }
        String busiest = byPool.entrySet().stream().sorted(Comparator.comparingDouble(e -> -e.getValue()[0])).limit(top)
                .map(e -> e.getKey() + (e.getValue()[1] > 1 ? " (" + (int) e.getValue()[1] + " threads)" : "") + " "
                        + Stats.plain(Math.round(e.getValue()[0] * 10) / 10.0))
                .collect(Collectors.joining("; "));
        return busiest.isEmpty() ? "none" : busiest;
    }

    /** The {@code top} methods most often running, "`method` (samples, share %)" joined by "; ". */
    String topFrames(int top) {
        Map<String, Long> counts = topFrames.stream()
                .collect(Collectors.groupingBy(m -> m, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue())).limit(top)
                .map(e -> String.format(Locale.ROOT, "`%s` (%d, %s %%)", e.getKey(), e.getValue(),
                        Stats.plain(Math.round(e.getValue() * 1000.0 / topFrames.size()) / 10.0)))
                .collect(Collectors.joining("; "));
    }
}

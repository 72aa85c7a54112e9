import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the access log's CPU goes, from a JDK Flight Recorder file of a gateway under load (bench/profile-bench.sh
 * keeps them): the share of all CPU samples taken by the access log, split by what the sample was doing.
 *
 * <pre>
 * java AccessLogShares.java FILE.jfr
 * </pre>
 *
 * A sample belongs to the access log when {@code AccessLogFilter.write} is on its stack or it was taken on the access
 * log's writer thread. Its part is the frame nearest the top that names one: the write to the output (and the system
 * call), locking, the encoder (pattern layout or JSON), the logging event (SLF4J builder, Logback logger and
 * appenders, the queue), else building the line. Execution samples (Java code) and native-method samples (threads in
 * a system call) are counted apart: JFR takes them separately.
 */
public final class AccessLogShares {

    private static final String WRITER_THREAD = "edgeway-access-log";

    /** Parts, tried in this order on each frame from the top of the stack down. */
    private static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("write to the output (stream, system call)", List.of("java.io.FileOutputStream",
                "java.io.PrintStream", "java.io.BufferedOutputStream", "sun.nio.cs.StreamEncoder",
                "ch.qos.logback.core.OutputStreamAppender.writeBytes",
                "ch.qos.logback.core.recovery.ResilientOutputStreamBase", "sun.nio.ch.FileDispatcherImpl"));
        PARTS.put("locking", List.of("java.util.concurrent.locks.", "jdk.internal.misc.Unsafe.park"));
        PARTS.put("encoder (pattern layout or JSON)", List.of("ch.qos.logback.core.pattern.",
                "ch.qos.logback.classic.pattern.", "ch.qos.logback.core.encoder.", "ch.qos.logback.classic.PatternLayout",
                "ch.qos.logback.core.LayoutBase", "org.springframework.boot.logging."));
        PARTS.put("logging event, logger and appenders", List.of("ch.qos.logback.", "org.slf4j.",
                "io.edgeway.gateway.accesslog.AccessLogAppender", "java.util.concurrent.ArrayBlockingQueue"));
        PARTS.put("building the line", List.of("io.edgeway.gateway.accesslog.AccessLogFilter.write"));
    }

    private AccessLogShares() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java AccessLogShares.java FILE.jfr");
            System.exit(2);
        }
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                totals.merge(type, 1, Integer::sum);
                String thread = event.getThread("sampledThread") != null
                        ? event.getThread("sampledThread").getJavaName() : "";
                boolean writer = WRITER_THREAD.equals(thread);
                if (writer || stack.getFrames().stream().anyMatch(f -> name(f).startsWith(
                        "io.edgeway.gateway.accesslog.AccessLogFilter.write"))) {
                    counts.computeIfAbsent(type, t -> new LinkedHashMap<>())
                            .merge((writer ? "writer thread: " : "") + part(stack), 1, Integer::sum);
                }
            }
        }
        for (String type : totals.keySet()) {
            int total = totals.get(type);
            Map<String, Integer> parts = counts.getOrDefault(type, Map.of());
            int access = parts.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf(Locale.ROOT, "%s: %d samples, access log %d (%.1f %%)%n", type, total, access,
                    100.0 * access / total);
            parts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %-60s %5d  %5.1f %% of all, %5.1f %% of the access log%n",
                            e.getKey(), e.getValue(), 100.0 * e.getValue() / total, 100.0 * e.getValue() / access));
        }
    }

    private static String part(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String name = name(frame);
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                if (part.getValue().stream().anyMatch(name::startsWith)) {
                    return part.getKey();
                }
            }
        }
        return "other";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}

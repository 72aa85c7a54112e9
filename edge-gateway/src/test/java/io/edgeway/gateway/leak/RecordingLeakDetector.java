package io.edgeway.gateway.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector that also keeps every report it logs, so that a test run can fail on them.
 *
 * <p>Installed by {@code -Dio.netty.customResourceLeakDetector} (see the module's pom): Netty builds every detector
 * (the one of all ByteBufs among them) from that class, with one of these constructors.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();

    private static volatile boolean installed;

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        installed = true;
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Whether Netty built its detectors from this class (false when the system property is missing). */
    static boolean installed() {
        return installed;
    }

    /** The reports since the last call, oldest first. */
    static List<String> drain() {
        List<String> reports = new ArrayList<>();
        for (String report; (report = REPORTS.poll()) != null; ) {
            reports.add(report);
        }
        return reports;
    }

    /** Always report, even when Netty's logger is switched off. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                + " (no trace: the detector's level is below advanced).");
        super.reportUntracedLeak(resourceType);
    }
}

package io.edgeway.gateway.leak;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which Netty reported a leaked buffer (registered for every class of the module by
 * {@code META-INF/services} and {@code junit-platform.properties}).
 *
 * <p>Netty reports a leak only when the leaked buffer has been garbage-collected and a later buffer is allocated, so
 * the check collects garbage and allocates a few times before it looks. A buffer leaked late in one class and
 * collected only after the next one fails that next class: the report's trace says where it was created.
 */
public final class NettyLeakCheck implements AfterAllCallback {

    private static final int ROUNDS = 3;

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> reports = collect();
        if (!reports.isEmpty()) {
            // All of them are in the log too (Netty's own ERROR lines); a few are enough to read here.
            throw new AssertionError(reports.size() + " Netty leak report(s) during or before "
                    + context.getDisplayName() + "; the first:\n"
                    + String.join("\n\n", reports.subList(0, Math.min(3, reports.size()))));
        }
    }

    /** Collects garbage, triggers Netty's report of what it found, and returns the reports since the last call. */
    static List<String> collect() {
        for (int round = 0; round < ROUNDS; round++) {
            collectGarbage();
            // A tracked allocation is what polls the detector's queue of collected buffers.
            for (ByteBufAllocator allocator : new ByteBufAllocator[] { ByteBufAllocator.DEFAULT,
                    PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT }) {
                allocator.buffer(16).release();
                allocator.directBuffer(16).release();
            }
        }
        if (!RecordingLeakDetector.installed()) {
            throw new IllegalStateException("Netty's leak detector is not " + RecordingLeakDetector.class.getName()
                    + ": run the tests with -Dio.netty.customResourceLeakDetector set to it (see the pom)");
        }
        return RecordingLeakDetector.drain();
    }

    /** A full GC, and then until the JVM has queued its weak references (Netty's detector holds buffers by them). */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(1_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }
}

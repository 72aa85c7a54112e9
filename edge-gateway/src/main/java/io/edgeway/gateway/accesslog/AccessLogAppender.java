package io.edgeway.gateway.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

/**
 * A Logback appender that never makes the logging thread wait: it queues each event (bounded) and one writer thread
 * encodes the queued events and writes them in batches; an event that finds the queue full is dropped and counted.
 */
public final class AccessLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** The writer thread's name. */
    public static final String WRITER_THREAD = "edgeway-access-log";

    /**
     * At most this many bytes per write: PIPE_BUF, the largest write to a pipe (a container's standard output) that
     * other threads' log lines cannot split.
     */
    static final int BATCH_BYTES = 4096;

    /**
     * How long the writer lets lines gather after the first one wakes it: under load a write (system call) and a
     * wake-up per batch instead of per line, for at most this delay of a line.
     */
    private static final long BATCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final BlockingQueue<ILoggingEvent> queue;

    private final Encoder<ILoggingEvent> encoder;

    private final Supplier<OutputStream> output;

    private final LongAdder dropped = new LongAdder();

    private final byte[] batch = new byte[BATCH_BYTES];

    private int batched;

    private volatile Thread writer;

    /**
     * @param queueSize events that may wait for the writer
     * @param encoder turns an event into bytes (a pattern layout, a JSON format), on the writer thread
     * @param output where the bytes go, asked for on every write (so {@code System::out} follows a replaced stream)
     */
    public AccessLogAppender(int queueSize, Encoder<ILoggingEvent> encoder, Supplier<OutputStream> output) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be at least 1, not " + queueSize);
        }
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.encoder = encoder;
        this.output = output;
    }

    Encoder<ILoggingEvent> encoder() {
        return encoder;
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        super.start();
        Thread thread = new Thread(this::writeUntilStopped, WRITER_THREAD);
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    /** Stops taking events and writes those still queued, waiting at most 5 s (a stuck output must not hold up the exit). */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        Thread thread = writer;
        thread.interrupt();
        try {
            thread.join(5_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The writer encodes later on its own thread: take the thread name and MDC (trace id) now.
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> events = new ArrayList<>();
        while (isStarted()) {
            try {
                events.add(queue.take());
                LockSupport.parkNanos(BATCH_WINDOW_NANOS);
            }
            catch (InterruptedException ex) {
                break;
            }
            queue.drainTo(events);
            write(events);
        }
        queue.drainTo(events);
        write(events);
    }

    private void write(List<ILoggingEvent> events) {
        try {
            for (ILoggingEvent event : events) {
                byte[] line = encoder.encode(event);
                if (batched + line.length > BATCH_BYTES) {
                    flush();
                }
                if (line.length > BATCH_BYTES) {
                    output.get().write(line);
                }
                else {
                    System.arraycopy(line, 0, batch, batched, line.length);
                    batched += line.length;
                }
            }
            flush();
        }
        catch (IOException | RuntimeException ex) {
            batched = 0;
            addError("could not write " + events.size() + " access log lines", ex);
        }
        events.clear();
    }

    private void flush() throws IOException {
        if (batched > 0) {
            OutputStream out = output.get();
            out.write(batch, 0, batched);
            out.flush();
            batched = 0;
        }
    }
}

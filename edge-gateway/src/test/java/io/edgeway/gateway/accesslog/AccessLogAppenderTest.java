package io.edgeway.gateway.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The access log's appender on a real Logback logger, writing to an output the test can hold up. */
class AccessLogAppenderTest {

    /** Generous: only a hang (the logging thread waiting for the output) would reach it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    private final LoggerContext context = new LoggerContext();

    private final HeldOutput output = new HeldOutput();

    private AccessLogAppender appender;

    @AfterEach
    void stop() {
        output.release();
        if (appender != null) {
            appender.stop();
        }
        context.stop();
    }

    @Test
    void dropsAndCountsLinesWhenTheQueueIsFullInsteadOfWaiting() throws Exception {
        Logger log = logger(1);
        log.info("first");
        assertThat(output.entered.await(HANG.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // The writer is stuck writing "first": "second" fills the queue of one, the rest find it full. Each call
        // returns all the same (a request's thread would otherwise hang here).
        assertTimeoutPreemptively(HANG, () -> IntStream.range(2, 6).forEach(i -> log.info("line " + i)));
        assertThat(appender.dropped()).isEqualTo(3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AccessLogOutput(appender).bindTo(registry);
        assertThat(registry.get(AccessLogOutput.DROPPED).functionCounter().count()).isEqualTo(3.0);

        output.release();
        await().atMost(HANG).until(() -> output.text().contains("line 2"));
        assertThat(output.text()).isEqualTo("first\nline 2\n");
    }

    @Test
    void writesTheLinesThatQueuedMeanwhileInOneWrite() throws Exception {
        Logger log = logger(64);
        log.info("first");
        assertThat(output.entered.await(HANG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        IntStream.range(0, 50).forEach(i -> log.info("line " + i));

        output.release();
        await().atMost(HANG).until(() -> output.text().contains("line 49"));
        assertThat(output.text().lines()).hasSize(51).startsWith("first", "line 0").endsWith("line 49");
        assertThat(output.writes.get()).isEqualTo(2);
        assertThat(appender.dropped()).isZero();
    }

    @Test
    void writesWhatIsQueuedWhenStopped() throws Exception {
        Logger log = logger(64);
        log.info("first");
        assertThat(output.entered.await(HANG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        log.info("last");

        output.release();
        appender.stop();
        assertThat(output.text()).isEqualTo("first\nlast\n");
    }

    @Test
    void refusesAnEmptyQueue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessLogAppender(0, encoder(), () -> output))
                .withMessageContaining("queueSize must be at least 1");
    }

    private Logger logger(int queueSize) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        appender = new AccessLogAppender(queueSize, encoder(), () -> output);
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger(AccessLogFilter.LOGGER);
        logger.addAppender(appender);
        return logger;
    }

    private PatternLayoutEncoder encoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        return encoder;
    }

    /** An output whose writes wait until released; counts its writes. */
    private static final class HeldOutput extends OutputStream {

        final CountDownLatch entered = new CountDownLatch(1);

        final AtomicInteger writes = new AtomicInteger();

        private final CountDownLatch released = new CountDownLatch(1);

        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writes.incrementAndGet();
            entered.countDown();
            try {
                released.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.write(bytes, offset, length);
            }
        }

        void release() {
            released.countDown();
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

package io.edgeway.gateway.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.edgeway.gateway.settings.AccessLogProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.LoggerFactory;

/**
 * Sends the logger {@value AccessLogFilter#LOGGER} to an {@link AccessLogAppender} of its own (and no longer to the
 * root logger's appenders), encoded as Spring Boot's console appender encodes (its pattern, or JSON with structured
 * logging), to the console or a file; and counts the lines it dropped in {@value #DROPPED}.
 *
 * <p>Installed once per process, as logging is configured once per process. A logging configuration of one's own
 * that gives the logger appenders, or that has no Spring Boot console appender, is left as it is.
 */
public final class AccessLogOutput implements MeterBinder {

    /** The counter of access lines dropped because the queue was full. */
    public static final String DROPPED = "edgeway.gateway.accesslog.dropped";

    static final String APPENDER = "EDGEWAY_ACCESS";

    /** The appender Spring Boot's default logging configuration writes to the console with. */
    private static final String BOOT_CONSOLE_APPENDER = "CONSOLE";

    private final AccessLogAppender appender;

    AccessLogOutput(AccessLogAppender appender) {
        this.appender = appender;
    }

    /** Installs the appender unless it is there already (or the logging configuration is someone else's). */
    public static synchronized AccessLogOutput install(AccessLogProperties properties) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new AccessLogOutput(null);
        }
        Logger logger = context.getLogger(AccessLogFilter.LOGGER);
        if (logger.getAppender(APPENDER) instanceof AccessLogAppender installed) {
            return new AccessLogOutput(installed);
        }
        if (logger.iteratorForAppenders().hasNext()
                || !(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(BOOT_CONSOLE_APPENDER)
                        instanceof OutputStreamAppender<ILoggingEvent> console)
                || console.getEncoder() == null) {
            return new AccessLogOutput(null);
        }
        AccessLogAppender appender = new AccessLogAppender(properties.queueSize(), console.getEncoder(),
                output(properties.file()));
        appender.setContext(context);
        appender.setName(APPENDER);
        console.getCopyOfAttachedFiltersList().forEach(appender::addFilter);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        return new AccessLogOutput(appender);
    }

    private static Supplier<OutputStream> output(Path file) {
        if (file == null) {
            return () -> System.out;
        }
        try {
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return () -> out;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot open the access log file " + file.toAbsolutePath(), ex);
        }
    }

    /**
     * Whether the lines' encoder reads the events' key-value pairs: not Boot's text pattern (no {@code %kvp}), but
     * a JSON format does, and so may a logging configuration of one's own.
     */
    public boolean rendersKeyValues() {
        return !(appender != null && appender.encoder() instanceof LayoutWrappingEncoder<ILoggingEvent> layout
                && layout.getLayout() instanceof PatternLayout pattern && !pattern.getPattern().contains("kvp"));
    }

    /** The appender, or null when the logging configuration was left as it is. */
    AccessLogAppender appender() {
        return appender;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (appender != null) {
            FunctionCounter.builder(DROPPED, appender, AccessLogAppender::dropped)
                    .description("Access log lines dropped because the writer's queue was full").register(registry);
        }
    }
}

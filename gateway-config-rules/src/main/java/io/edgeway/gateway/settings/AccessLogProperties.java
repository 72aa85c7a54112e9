package io.edgeway.gateway.settings;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway's access log (the logger {@code edgeway.access}) goes and how many lines may wait to be written.
 * Both are read at start-up.
 *
 * @param queueSize lines that may wait for the writer thread; a line that finds the queue full is dropped (and
 *     counted in {@code edgeway.gateway.accesslog.dropped}) rather than slow the request down
 * @param file a file the lines are appended to instead of the console (standard output); unset: the console
 */
@ConfigurationProperties(AccessLogProperties.PREFIX)
public record AccessLogProperties(@DefaultValue("8192") int queueSize, Path file) {

    public static final String PREFIX = "edgeway.gateway.access-log";

    public AccessLogProperties {
        Problems.under(PREFIX)
                .require(queueSize >= 1 && queueSize <= 1_000_000, "queue-size",
                        "must be between 1 and 1000000, not " + queueSize)
                .throwIfAny();
    }
}

package io.edgeway.e2e.bench;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** The time at the start of a Spring Boot log line ({@code 2026-12-07T02:38:22.769Z  INFO ...}), in epoch seconds. */
final class LogTimestamps {

    private LogTimestamps() {
    }

    /** The line's leading ISO-8601 time (an offset, or this machine's zone without one); empty if it has none. */
    static OptionalDouble epochSeconds(String line) {
        String first = line.strip().split("\\s+", 2)[0];
        try {
            return seconds(OffsetDateTime.parse(first).toInstant());
        }
        catch (DateTimeParseException noOffset) {
            try {
                return seconds(LocalDateTime.parse(first).atZone(ZoneId.systemDefault()).toInstant());
            }
            catch (DateTimeParseException noTime) {
                return OptionalDouble.empty();
            }
        }
    }

    /** The time of the first line that matches {@code regex} (anywhere in the line). */
    static OptionalDouble firstMatching(List<String> lines, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return lines.stream().filter(l -> pattern.matcher(l).find()).findFirst().map(LogTimestamps::epochSeconds)
                .orElse(OptionalDouble.empty());
    }

    private static OptionalDouble seconds(Instant at) {
        return OptionalDouble.of(at.getEpochSecond() + at.getNano() / 1e9);
    }
}

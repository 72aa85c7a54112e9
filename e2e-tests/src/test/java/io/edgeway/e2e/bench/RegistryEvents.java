package io.edgeway.e2e.bench;

import java.util.List;
import java.util.Optional;

/**
 * What the gateway bench's Eureka poller saw, one line per poll: {@code <epoch> id=STATUS id=STATUS ...} (just the
 * epoch when the application had no instance at all).
 */
final class RegistryEvents {

    /** What to look for in an instance's status. */
    enum Condition {
        UP, NOT_UP, ABSENT;

        static Condition parse(String name) {
            return switch (name) {
                case "up" -> UP;
                case "notup" -> NOT_UP;
                case "absent" -> ABSENT;
                default -> throw new IllegalArgumentException("up, notup or absent, not " + name);
            };
        }

        boolean holds(String status) {
            return switch (this) {
                case UP -> status.equals("UP");
                case NOT_UP -> !status.equals("UP");
                case ABSENT -> status.equals("ABSENT");
            };
        }
    }

    private final List<String> lines;

    RegistryEvents(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /** The time (as written) of the first poll at or after {@code after} in which the condition held for the instance. */
    Optional<String> first(String instanceId, Condition condition, double after) {
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || !Stats.isNumber(f[0]) || Double.parseDouble(f[0]) < after) {
                continue;
            }
            if (condition.holds(status(f, instanceId))) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }

    private static String status(String[] fields, String instanceId) {
        String status = "ABSENT";
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].startsWith(instanceId + "=")) {
                status = fields[i].substring(instanceId.length() + 1);
            }
        }
        return status;
    }
}

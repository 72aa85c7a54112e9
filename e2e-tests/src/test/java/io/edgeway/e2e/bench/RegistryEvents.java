package io.edgeway.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway bench's Eureka poller saw, one line per poll: {@code <epoch> id=STATUS id=STATUS ...} (just the
 * epoch when the application had no instance at all), read from the poller's own lines by {@link #fromPolls}.
 */
final class RegistryEvents {

    private static final Pattern INSTANCE_ID = Pattern.compile("\"instanceId\":\"([^\"]*)\"");

    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");

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

    /**
     * The events in the Eureka poller's lines ({@code <epoch>\t<http code>\t<the application's JSON>}): a 404 is a
     * poll without any instance, a 200 gives each instance's status; a poll without an answer or whose body is not a
     * whole application is left out.
     */
    static RegistryEvents fromPolls(List<String> polls) {
        List<String> events = new ArrayList<>();
        for (String poll : polls) {
            String[] f = poll.split("\t", 3);
            if (f.length < 2 || !Stats.isNumber(f[0])) {
                continue;
            }
            if (f[1].equals("404")) {
                events.add(f[0]);
            }
            else if (f[1].equals("200") && f.length == 3 && f[2].contains("\"application\"")
                    && f[2].strip().endsWith("}")) {
                events.add(f[0] + statuses(f[2]));
            }
        }
        return new RegistryEvents(events);
    }

    /** " id=STATUS" for each instance of the JSON, whose status follows its instanceId (Eureka's field order). */
    private static String statuses(String json) {
        StringBuilder statuses = new StringBuilder();
        Matcher id = INSTANCE_ID.matcher(json);
        List<String> ids = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        while (id.find()) {
            ids.add(id.group(1));
            ends.add(id.end());
        }
        for (int i = 0; i < ids.size(); i++) {
            Matcher status = STATUS.matcher(json).region(ends.get(i), i + 1 < ids.size() ? ends.get(i + 1) : json.length());
            statuses.append(' ').append(ids.get(i)).append('=').append(status.find() ? status.group(1) : "UNKNOWN");
        }
        return statuses.toString();
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

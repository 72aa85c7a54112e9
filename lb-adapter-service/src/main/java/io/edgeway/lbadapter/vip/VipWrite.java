package io.edgeway.lbadapter.vip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.edgeway.lb.rules.HealthCheck;

/**
 * One write the VIP cycle is about to make on a device, as the {@link VipJournal} records it.
 *
 * @param action what is written: {@value #CREATE}, {@value #UPDATE}, {@value #DRAIN} (one member of a removed VIP)
 *               or {@value #DELETE}
 * @param key    the VIP
 * @param member the member drained ({@code ip:port}); null for the other actions
 * @param commit the config commit the write carries out, or null when not known
 * @param detail what changes, for the reader: the VIP created, the fields changed (old -> new), why it is removed
 */
public record VipWrite(String action, VipKey key, String member, String commit, String detail) {

    public static final String CREATE = "VIP_CREATE";

    public static final String UPDATE = "VIP_UPDATE";

    public static final String DRAIN = "VIP_DRAIN";

    public static final String DELETE = "VIP_DELETE";

    /** What a create writes. */
    static String created(DesiredVip vip) {
        return "created " + spec(vip.spec()) + " with " + vip.members().size() + " member(s) of "
                + vip.application();
    }

    /** The fields an update changes, each {@code field old -> new} (new only when the old is not known). */
    static String changed(Set<String> fields, VipSpec current, VipSpec desired) {
        List<String> parts = new ArrayList<>();
        for (String field : fields) {
            String now = field(field, desired);
            parts.add(current == null ? field + " -> " + now : field + " " + field(field, current) + " -> " + now);
        }
        return "changed " + String.join(", ", parts);
    }

    private static String spec(VipSpec spec) {
        return spec.address() + ":" + spec.port() + " " + word(spec.protocol()) + ", persistence "
                + word(spec.persistence()) + ", health " + health(spec.health());
    }

    private static String field(String field, VipSpec spec) {
        return switch (field) {
            case "address" -> spec.address();
            case "port" -> String.valueOf(spec.port());
            case "protocol" -> word(spec.protocol());
            case "persistence" -> word(spec.persistence());
            case "health" -> health(spec.health());
            default -> "?";
        };
    }

    private static String health(HealthCheck health) {
        return health == null ? "(device default)"
                : "GET " + health.httpGet() + " every " + health.interval().toSeconds() + "s timeout "
                        + health.timeout().toSeconds() + "s";
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

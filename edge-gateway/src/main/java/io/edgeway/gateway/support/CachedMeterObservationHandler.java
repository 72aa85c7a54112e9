package io.edgeway.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Turns observations into the meters Micrometer's {@code DefaultMeterObservationHandler} makes of them, the same
 * names and tags ({@code NAME} timer with an {@code error} tag, {@code NAME.active} long task timer,
 * {@code NAME.EVENT} counters), but finds each meter in a map of its own by the observation's low-cardinality key
 * values instead of building tags and looking the meter up in the registry twice per observation: on the gateway
 * that was every proxied request ({@code http.server.requests}).
 *
 * <p>The map holds as many entries as the registry holds meters for these names (a meter filter that denies one
 * returns the same no-op meter every time, which is then kept too).
 */
public final class CachedMeterObservationHandler implements MeterObservationHandler<Observation.Context> {

    private final MeterRegistry registry;

    private final boolean longTaskTimers;

    private final Map<Key, Meter> meters = new ConcurrentHashMap<>();

    /** {@code longTaskTimers}: false when the {@code .active} long task timers are ignored (Boot's setting). */
    public CachedMeterObservationHandler(MeterRegistry registry, boolean longTaskTimers) {
        this.registry = registry;
        this.longTaskTimers = longTaskTimers;
    }

    @Override
    public void onStart(Observation.Context context) {
        if (longTaskTimers) {
            LongTaskTimer active = meter(new Key(context.getName(), Kind.ACTIVE, context.getLowCardinalityKeyValues(),
                    null), key -> registry.more().longTaskTimer(key.name() + ".active", tags(key.keyValues(), null)));
            context.put(LongTaskTimer.Sample.class, active.start());
        }
        context.put(Timer.Sample.class, Timer.start(registry));
    }

    @Override
    public void onStop(Observation.Context context) {
        Throwable error = context.getError();
        Timer timer = meter(new Key(context.getName(), Kind.TIMER, context.getLowCardinalityKeyValues(),
                error != null ? error.getClass().getSimpleName() : "none"),
                key -> registry.timer(key.name(), tags(key.keyValues(), key.detail())));
        context.<Timer.Sample>getRequired(Timer.Sample.class).stop(timer);
        if (longTaskTimers) {
            context.<LongTaskTimer.Sample>getRequired(LongTaskTimer.Sample.class).stop();
        }
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        Counter counter = meter(new Key(context.getName(), Kind.EVENT, context.getLowCardinalityKeyValues(),
                event.getName()), key -> Counter.builder(key.name() + "." + key.detail())
                        .tags(tags(key.keyValues(), null)).register(registry));
        counter.increment();
    }

    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(Key key, Function<Key, M> register) {
        return (M) meters.computeIfAbsent(key, register);
    }

    /** The key values as tags, then {@code error} when given: the order DefaultMeterObservationHandler uses. */
    private static List<Tag> tags(KeyValues keyValues, String error) {
        List<Tag> tags = new ArrayList<>();
        for (KeyValue keyValue : keyValues) {
            tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
        }
        if (error != null) {
            tags.add(Tag.of("error", error));
        }
        return tags;
    }

    private enum Kind {
        TIMER, ACTIVE, EVENT
    }

    /**
     * One meter: the observation's name, which meter of it, its key values, and the error (timer) or event name. A
     * class rather than a record: a record's equals goes through method handles, which showed in the profile.
     */
    private static final class Key {

        private final String name;

        private final Kind kind;

        private final KeyValues keyValues;

        private final String detail;

        private final int hash;

        Key(String name, Kind kind, KeyValues keyValues, String detail) {
            this.name = name;
            this.kind = kind;
            this.keyValues = keyValues;
            this.detail = detail;
            this.hash = ((name.hashCode() * 31 + kind.hashCode()) * 31 + keyValues.hashCode()) * 31
                    + Objects.hashCode(detail);
        }

        String name() {
            return name;
        }

        KeyValues keyValues() {
            return keyValues;
        }

        String detail() {
            return detail;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && kind == key.kind && name.equals(key.name)
                    && Objects.equals(detail, key.detail) && keyValues.equals(key.keyValues);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

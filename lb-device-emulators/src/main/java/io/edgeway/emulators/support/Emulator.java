package io.edgeway.emulators.support;

import java.net.URI;
import java.util.function.Supplier;

/**
 * What every emulated device offers tests: its address, fault knobs, session kill, request count and shutdown, over
 * one vendor {@link DeviceApi} served by an {@link EmulatorServer}.
 *
 * @param <A> the vendor API, which is also the lock that setup and inspection hold
 */
public abstract class Emulator<A extends DeviceApi> implements AutoCloseable {

    /** The vendor API; read and change its state only inside {@link #locked}. */
    protected final A api;

    private final EmulatorServer server;

    /** Starts serving {@code api} on {@code host:port} (port 0 picks a free one). */
    protected Emulator(String name, String host, int port, A api) {
        this.api = api;
        this.server = EmulatorServer.start(name, host, port, api);
    }

    public URI uri() {
        return server.uri();
    }

    public void faults(FaultSettings settings) {
        server.faults(settings);
    }

    /** Ends every session or token, as an appliance restart or an operator's "kill all" would. */
    public void killSessions() {
        api.killSessions();
    }

    /** Device API requests served so far. */
    public long requests() {
        return server.requests();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Runs {@code action} holding the API's lock, which its own synchronized methods hold while they answer. */
    protected final <T> T locked(Supplier<T> action) {
        synchronized (api) {
            return action.get();
        }
    }
}

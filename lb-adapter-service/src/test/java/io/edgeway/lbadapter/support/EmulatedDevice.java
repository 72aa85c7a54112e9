package io.edgeway.lbadapter.support;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.emulators.support.Emulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An emulated device for one Spring test class: started with the class, configured as {@code edgeway.lb-adapter.devices.<name>}
 * by {@link #register}, and stopped after the class's tests.
 *
 * @param <T> the emulator
 */
public final class EmulatedDevice<T extends Emulator<?>> implements AfterAllCallback {

    private final String name;

    private final String type;

    private final String username;

    private final String password;

    private final T emulator;

    private EmulatedDevice(String name, String type, String username, String password, T emulator) {
        this.name = name;
        this.type = type;
        this.username = username;
        this.password = password;
        this.emulator = emulator;
    }

    /** An F5 named {@code name}, logged into as the demo user. */
    public static EmulatedDevice<F5Emulator> f5(String name, F5Emulator emulator) {
        return new EmulatedDevice<>(name, "F5", F5Settings.DEMO_USER, F5Settings.DEMO_PASSWORD, emulator);
    }

    /** A NetScaler named {@code name}, logged into as the demo user. */
    public static EmulatedDevice<NitroEmulator> netscaler(String name, NitroEmulator emulator) {
        return new EmulatedDevice<>(name, "NETSCALER", NitroSettings.DEMO_USER, NitroSettings.DEMO_PASSWORD, emulator);
    }

    /** The demo F5 as {@code f5}: {@link F5Emulator#preloadDemo()} on a free port. */
    public static EmulatedDevice<F5Emulator> demoF5() {
        return f5("f5", F5Emulator.start(F5Settings.defaults()).preloadDemo());
    }

    /** The demo NetScaler as {@code ns}: {@link NitroEmulator#preloadDemo()} on a free port. */
    public static EmulatedDevice<NitroEmulator> demoNetscaler() {
        return netscaler("ns", NitroEmulator.start(NitroSettings.defaults()).preloadDemo());
    }

    public T emulator() {
        return emulator;
    }

    /** Points {@code edgeway.lb-adapter.devices.<name>} at the emulator. */
    public void register(DynamicPropertyRegistry properties) {
        String prefix = "edgeway.lb-adapter.devices." + name + ".";
        properties.add(prefix + "type", () -> type);
        properties.add(prefix + "url", () -> emulator.uri().toString());
        properties.add(prefix + "username", () -> username);
        properties.add(prefix + "password", () -> password);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        emulator.close();
    }
}

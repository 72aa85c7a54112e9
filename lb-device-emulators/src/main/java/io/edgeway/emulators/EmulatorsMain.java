package io.edgeway.emulators;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;

/**
 * Runs one emulated F5 and one emulated NetScaler until stopped:
 * {@code java -jar lb-device-emulators-exec.jar [--bind=127.0.0.1] [--f5-port=9443] [--nitro-port=9080]
 * [--preload=demo|none]}.
 * A port of 0 leaves that device out. Credentials are the demo ones in {@link F5Settings} and {@link NitroSettings}.
 */
public final class EmulatorsMain {

    private EmulatorsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>(Map.of("bind", "127.0.0.1", "f5-port", "9443", "nitro-port", "9080",
                "preload", "demo"));
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                System.err.println("usage: [--bind=ADDRESS] [--f5-port=PORT] [--nitro-port=PORT] [--preload=demo|none]");
                System.exit(2);
            }
            options.put(kv[0], kv[1]);
        }
        String bind = options.get("bind");
        boolean demo = options.get("preload").equals("demo");
        int f5Port = Integer.parseInt(options.get("f5-port"));
        int nitroPort = Integer.parseInt(options.get("nitro-port"));
        CountDownLatch stopped = new CountDownLatch(1);
        if (f5Port > 0) {
            F5Emulator f5 = F5Emulator.start(F5Settings.defaults(), bind, f5Port);
            if (demo) {
                f5.preloadDemo();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(f5::close));
            System.out.println("F5 iControl REST emulator on " + f5.uri() + " (user " + F5Settings.DEMO_USER + ")");
        }
        if (nitroPort > 0) {
            NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults(), bind, nitroPort);
            if (demo) {
                nitro.preloadDemo();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(nitro::close));
            System.out.println("NetScaler NITRO emulator on " + nitro.uri() + " (user " + NitroSettings.DEMO_USER + ")");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
    }
}

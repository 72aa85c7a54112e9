package io.edgeway.demotokens;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo issuer behind {@code ./run.sh token}: keeps an RSA key pair in a directory on this machine
 * ({@link DemoKeys}) and prints tokens signed with it. The gateway reads the public half. Runnable as
 * {@code java -jar demo-tokens/target/demo-tokens-exec.jar}:
 *
 * <pre>
 * DemoTokenIssuer KEY_DIR --init                 make the key pair if missing; print the public key's path
 * DemoTokenIssuer KEY_DIR [--sub alice] [--scope "api read"] [--ttl 1h] [--aud edgeway] [--iss edgeway-demo]
 * </pre>
 */
public final class DemoTokenIssuer {

    /** The issuer the demo stack's gateway trusts ({@code config-repo/edge-gateway.yml}). */
    public static final String ISSUER = "edgeway-demo";

    /** The audience the demo stack's gateway requires. */
    public static final String AUDIENCE = "edgeway";

    /** How long a demo token is valid unless {@code --ttl} says otherwise. */
    public static final Duration TTL = Duration.ofHours(1);

    private DemoTokenIssuer() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; answers the exit status (2: usage error). */
    public static int run(String[] args, PrintStream out, PrintStream err)
            throws IOException, GeneralSecurityException {
        if (args.length == 0 || args[0].startsWith("--")) {
            err.println("usage: DemoTokenIssuer KEY_DIR [--init] [--sub S] [--scope \"A B\"] [--ttl 1h] [--aud A] [--iss I]");
            return 2;
        }
        Map<String, String> options = new LinkedHashMap<>(Map.of("--sub", "alice", "--scope", "api",
                "--ttl", "1h", "--aud", AUDIENCE, "--iss", ISSUER));
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        boolean init = rest.contains("--init");
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            if (option.equals("--init")) {
                continue;
            }
            if (!options.containsKey(option) || i + 1 >= rest.size()) {
                err.println("DemoTokenIssuer: unknown option or missing value: " + option);
                return 2;
            }
            options.put(option, rest.get(++i));
        }
        DemoKeys keys = DemoKeys.in(Path.of(args[0]));
        if (init) {
            out.println(keys.publicKeyFile());
            return 0;
        }
        Duration ttl = Duration.parse("PT" + options.get("--ttl").toUpperCase(Locale.ROOT));
        out.println(new JwtMinter(keys.privateKey()).mint(options.get("--iss"), options.get("--aud"),
                options.get("--sub"), options.get("--scope"), ttl));
        return 0;
    }
}

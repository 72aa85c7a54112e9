package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.edgeway.demotokens.DemoKeys;
import io.edgeway.demotokens.DemoTokenIssuer;
import io.edgeway.demotokens.JwtMinter;

/**
 * The demo token issuer as run.sh uses it: the packaged {@code demo-tokens-exec.jar} makes the key pair, the
 * gateway gets the public key, and the tests mint tokens with the private one through the same {@link JwtMinter}
 * (in process: minting each token through a JVM would cost a second).
 */
public final class DemoTokens {

    private final DemoKeys keys;

    private final JwtMinter minter;

    private DemoTokens(Path dir) {
        try {
            this.keys = DemoKeys.in(dir);
            this.minter = new JwtMinter(keys.privateKey());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Makes the key pair in {@code dir} with the packaged issuer, exactly as {@code ./run.sh} does. */
    public static DemoTokens init(Path dir) {
        Path jar = Stack.root().resolve("demo-tokens/target/demo-tokens-exec.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), dir.toString(), "--init");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("demo-tokens-exec.jar --init failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        return new DemoTokens(dir);
    }

    /** The gateway setting that trusts this issuer. */
    public String publicKeyLocation() {
        return "file:" + keys.publicKeyFile();
    }

    /** A token as {@code ./run.sh token --sub SUBJECT --scope SCOPE} prints it. */
    public String mint(String subject, String scope) {
        return minter.mint(DemoTokenIssuer.ISSUER, DemoTokenIssuer.AUDIENCE, subject, scope, DemoTokenIssuer.TTL);
    }
}

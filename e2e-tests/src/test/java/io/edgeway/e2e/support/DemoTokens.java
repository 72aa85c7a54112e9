package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The demo token issuer as run.sh uses it: the packaged gateway jar's DemoTokenIssuer makes the key pair, the
 * gateway gets the public key, and the tests sign tokens with the private one (Nimbus, in process: minting each
 * token through a JVM would cost a second).
 */
public final class DemoTokens {

    private final Path dir;

    private final RSAPrivateKey key;

    private DemoTokens(Path dir) {
        this.dir = dir;
        this.key = readPrivateKey(dir.resolve("private.pem"));
    }

    /** Makes the key pair in {@code dir} with the gateway jar, exactly as {@code ./run.sh} does. */
    public static DemoTokens init(Path dir) {
        Path jar = Stack.root().resolve("edge-gateway/target/edge-gateway.jar");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), "-Dloader.main=io.edgeway.gateway.auth.DemoTokenIssuer",
                "org.springframework.boot.loader.launch.PropertiesLauncher", dir.toString(), "--init");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("DemoTokenIssuer --init failed: " + output);
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
        return "file:" + dir.resolve("public.pem");
    }

    /** A token as {@code ./run.sh token --sub SUBJECT --scope SCOPE} prints it. */
    public String mint(String subject, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("edgeway-demo").audience("edgeway").subject(subject)
                .claim("scope", scope).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static RSAPrivateKey readPrivateKey(Path file) {
        try {
            String base64 = Files.readString(file).replaceAll("-----(BEGIN|END) PRIVATE KEY-----|\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

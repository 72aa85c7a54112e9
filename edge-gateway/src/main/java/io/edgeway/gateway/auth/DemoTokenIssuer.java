package io.edgeway.gateway.auth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The demo issuer behind {@code ./run.sh token}: keeps an RSA key pair in a directory on this machine (made on
 * first use, never committed) and prints tokens signed with it. The gateway reads the public half.
 *
 * <pre>
 * DemoTokenIssuer KEY_DIR --init                 make the key pair if missing; print the public key's path
 * DemoTokenIssuer KEY_DIR [--sub alice] [--scope "api read"] [--ttl 1h] [--aud edgeway] [--iss edgeway-demo]
 * </pre>
 */
public final class DemoTokenIssuer {

    static final String PRIVATE_KEY = "private.pem";

    static final String PUBLIC_KEY = "public.pem";

    private DemoTokenIssuer() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException, GeneralSecurityException {
        if (args.length == 0 || args[0].startsWith("--")) {
            err.println("usage: DemoTokenIssuer KEY_DIR [--init] [--sub S] [--scope \"A B\"] [--ttl 1h] [--aud A] [--iss I]");
            return 2;
        }
        Path dir = Path.of(args[0]);
        Map<String, String> options = new LinkedHashMap<>(Map.of("--sub", "alice", "--scope", "api",
                "--ttl", "1h", "--aud", "edgeway", "--iss", "edgeway-demo"));
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
        RSAPrivateKey key = ensureKeyPair(dir);
        if (init) {
            out.println(dir.resolve(PUBLIC_KEY).toAbsolutePath());
            return 0;
        }
        Duration ttl = Duration.parse("PT" + options.get("--ttl").toUpperCase());
        out.println(mint(key, options.get("--iss"), options.get("--aud"), options.get("--sub"),
                options.get("--scope"), ttl));
        return 0;
    }

    static String mint(RSAPrivateKey key, String issuer, String audience, String subject, String scope, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .claim("scope", scope).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

    /** Reads the private key, making the pair first if the directory has none. */
    static RSAPrivateKey ensureKeyPair(Path dir) throws IOException, GeneralSecurityException {
        Path privateKey = dir.resolve(PRIVATE_KEY);
        if (!Files.exists(privateKey)) {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path tmp = Files.createTempFile(dir, "private", ".tmp");
            restrict(tmp);
            Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.move(tmp, privateKey);
        }
        String text = Files.readString(privateKey, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----|\\s", "");
        return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException ex) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

package io.edgeway.demotokens;

import java.io.IOException;
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

/**
 * The demo issuer's RSA key pair in a directory on this machine ({@code private.pem}, {@code public.pem}): made on
 * first use, the private half readable by its owner only, never committed. The gateway reads the public half.
 */
public final class DemoKeys {

    public static final String PRIVATE_KEY = "private.pem";

    public static final String PUBLIC_KEY = "public.pem";

    private final Path dir;

    private DemoKeys(Path dir) {
        this.dir = dir;
    }

    /** The key pair in the directory, made first if the directory has none. */
    public static DemoKeys in(Path dir) throws IOException, GeneralSecurityException {
        if (!Files.exists(dir.resolve(PRIVATE_KEY))) {
            make(dir);
        }
        return new DemoKeys(dir);
    }

    /** The public key's file, for {@code EDGEWAY_JWT_PUBLIC_KEYS=file:...}. */
    public Path publicKeyFile() {
        return dir.resolve(PUBLIC_KEY).toAbsolutePath();
    }

    public RSAPrivateKey privateKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(dir.resolve(PRIVATE_KEY), StandardCharsets.US_ASCII);
        return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(pem)));
    }

    private static void make(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        // Written aside and moved in last, so a reader never sees a private key without its public half.
        Path tmp = Files.createTempFile(dir, "private", ".tmp");
        restrict(tmp);
        Files.writeString(tmp, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve(PUBLIC_KEY), Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(tmp, dir.resolve(PRIVATE_KEY));
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException ex) {
            // not a POSIX file system: the directory's own permissions apply
        }
    }
}

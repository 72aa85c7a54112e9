package io.edgeway.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A local certificate authority made with the JDK's own {@code keytool} (no openssl needed), and the PEM server
 * certificates it issues: for tests and for {@code ./run.sh} on a developer's machine, never for production. Keys
 * are EC P-256. Runs as a single source file too, with a JDK only:
 * {@code java test-support/src/main/java/io/edgeway/testsupport/LocalCa.java DIR} makes {@code DIR/ca.pem},
 * {@code DIR/gateway.pem} and {@code DIR/gateway-key.pem} for localhost and 127.0.0.1 unless they exist.
 */
public final class LocalCa {

    /** The password of the throw-away PKCS#12 stores keytool works in (they never leave the directory). */
    private static final String STORE_PASSWORD = "local-ca-only";

    private final Path dir;

    private final X509Certificate certificate;

    private LocalCa(Path dir, X509Certificate certificate) {
        this.dir = dir;
        this.certificate = certificate;
    }

    /** The CA kept in {@code dir} ({@code ca.p12}, {@code ca.pem}), made first if it is not there. */
    public static LocalCa in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve("ca.p12");
            if (!Files.exists(store)) {
                keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                        "CN=edgeway local CA " + System.currentTimeMillis(), "-validity", "3650", "-ext", "bc:c=ca:true",
                        "-ext", "ku:c=keyCertSign,cRLSign", "-keystore", store.toString(), "-storetype", "PKCS12",
                        "-storepass", STORE_PASSWORD);
            }
            ownerOnly(store);
            X509Certificate ca = (X509Certificate) load(store).getCertificate("ca");
            Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", ca.getEncoded()));
            return new LocalCa(dir, ca);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The CA's certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's certificate as a PEM file, for {@code curl --cacert}. */
    public Path certificateFile() {
        return dir.resolve("ca.pem");
    }

    /** A TLS client context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Issues a server certificate with a new key for these names and writes it to {@code certificate} and its key
     * (PKCS#8, unencrypted) to {@code privateKey}, each replaced in one move so that a watcher never reads half a file.
     *
     * @param names DNS names and IP addresses (an IP literal is recognised as such)
     */
    public X509Certificate issue(String name, List<String> names, Path certificate, Path privateKey) {
        return issue(name, names, "serverAuth", certificate, privateKey);
    }

    /**
     * Issues a client certificate (mTLS) with subject {@code CN=name} and a new key, written like {@link #issue}'s.
     */
    public X509Certificate issueClient(String name, Path certificate, Path privateKey) {
        return issue(name, List.of(), "clientAuth", certificate, privateKey);
    }

    private X509Certificate issue(String name, List<String> names, String usage, Path certificate, Path privateKey) {
        try {
            Path work = Files.createTempDirectory(dir, "issue-");
            Path store = work.resolve("server.p12");
            Path request = work.resolve("server.csr");
            Path signed = work.resolve("server.pem");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-validity", "825", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                    STORE_PASSWORD);
            keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-file",
                    request.toString());
            List<String> san = new ArrayList<>();
            for (String n : names) {
                san.add((n.matches("[0-9.]+") || n.contains(":") ? "ip:" : "dns:") + n);
            }
            List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore",
                    dir.resolve("ca.p12").toString(), "-storepass", STORE_PASSWORD, "-infile", request.toString(),
                    "-outfile", signed.toString(), "-rfc", "-validity", "825", "-ext", "eku=" + usage, "-ext",
                    "ku:c=digitalSignature"));
            if (!san.isEmpty()) {
                gencert.addAll(List.of("-ext", "san=" + String.join(",", san)));
            }
            keytool(gencert.toArray(String[]::new));
            X509Certificate leaf;
            try (InputStream in = Files.newInputStream(signed)) {
                leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            PrivateKey key = (PrivateKey) load(store).getKey("server", STORE_PASSWORD.toCharArray());
            Path newKey = work.resolve("key.pem");
            Path newCertificate = work.resolve("certificate.pem");
            Files.writeString(newKey, pem("PRIVATE KEY", key.getEncoded()));
            ownerOnly(newKey);
            Files.writeString(newCertificate, pem("CERTIFICATE", leaf.getEncoded()));
            Files.createDirectories(privateKey.toAbsolutePath().getParent());
            Files.createDirectories(certificate.toAbsolutePath().getParent());
            Files.move(newKey, privateKey, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(newCertificate, certificate, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            for (Path p : List.of(store, request, signed)) {
                Files.deleteIfExists(p);
            }
            Files.delete(work);
            return leaf;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A TLS context with the PEM certificate and key (as {@link #issue} writes them) as its own, trusting this CA
     * only: a server's, or a client's that presents a client certificate.
     */
    public SSLContext keyContext(Path certificate, Path privateKey) {
        return keyContext(certificate, privateKey, clientTrust());
    }

    /** As {@link #keyContext(Path, Path)}, with its own key managers wrapped (say, to send a certificate regardless). */
    public SSLContext keyContext(Path certificate, Path privateKey,
            java.util.function.UnaryOperator<javax.net.ssl.X509KeyManager> wrap) {
        try {
            javax.net.ssl.KeyManager[] managers = keyManagers(certificate, privateKey);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] { wrap.apply((javax.net.ssl.X509KeyManager) managers[0]) },
                    clientTrust().getTrustManagers(), null);
            return context;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private SSLContext keyContext(Path certificate, Path privateKey, TrustManagerFactory trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(certificate, privateKey), trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Path certificate, Path privateKey)
            throws IOException, GeneralSecurityException {
        String pem = Files.readString(privateKey).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        X509Certificate leaf;
        try (InputStream in = Files.newInputStream(certificate)) {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", key, new char[0], new java.security.cert.Certificate[] { leaf });
        javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory
                .getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        return factory.getKeyManagers();
    }

    private TrustManagerFactory clientTrust() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory;
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException ex) {
            // Not a POSIX file system: the directory's own permissions apply.
        }
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for keytool", ex);
        }
        finally {
            process.destroy();
        }
    }

    /** {@code DIR}: the CA and a certificate for localhost and 127.0.0.1 in that directory, made unless there. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java LocalCa.java DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        LocalCa ca = LocalCa.in(dir);
        Path certificate = dir.resolve("gateway.pem");
        Path key = dir.resolve("gateway-key.pem");
        if (!Files.exists(certificate) || !Files.exists(key)) {
            ca.issue("localhost", List.of("localhost", "127.0.0.1"), certificate, key);
        }
        System.out.println(dir.toAbsolutePath().normalize());
    }
}

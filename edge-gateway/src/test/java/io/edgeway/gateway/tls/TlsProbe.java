package io.edgeway.gateway.tls;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One TLS handshake with only the given protocol enabled, in a JVM of its own started by {@link #run}: the JDK refuses
 * TLS 1.0 and 1.1 itself unless {@code jdk.tls.disabledAlgorithms} allows them, and JSSE reads that once per JVM, so
 * the test JVM (whose earlier tests may have used TLS) cannot be relied on to. Exit 0: handshake done with that
 * protocol; 1: refused. {@code --self CERT KEY}: against a server in the same JVM that allows that protocol (the
 * control that the client can speak it at all).
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    /** Runs the probe in a new JVM with TLS 1.0 and 1.1 allowed; its exit code. */
    static int run(Path ca, String protocol, String... target) throws Exception {
        Path security = Files.createTempFile("tls-probe", ".security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, "
                + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        String classes = Path.of(TlsProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Djava.security.properties=" + security, "-cp", classes, TlsProbe.class.getName(), ca.toString(),
                protocol));
        command.addAll(java.util.List.of(target));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int code = process.waitFor();
        Files.delete(security);
        if (code != 0 && code != 1) {
            throw new IllegalStateException("probe failed (" + code + "): " + output);
        }
        return code;
    }

    public static void main(String[] args) throws Exception {
        Path ca = Path.of(args[0]);
        String protocol = args[1];
        SSLContext client = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", certificate(ca));
        trust.init(trusted);
        client.init(null, trust.getTrustManagers(), null);
        CompletableFuture<Void> server = CompletableFuture.completedFuture(null);
        String host;
        int port;
        if (args[2].equals("--self")) {
            SSLServerSocket listener = selfServer(Path.of(args[3]), Path.of(args[4]), protocol);
            host = "127.0.0.1";
            port = listener.getLocalPort();
            server = CompletableFuture.runAsync(() -> {
                try (listener; SSLSocket peer = (SSLSocket) listener.accept()) {
                    peer.startHandshake();
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
        else {
            host = args[2];
            port = Integer.parseInt(args[3]);
        }
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] { protocol });
            socket.startHandshake();
            String negotiated = socket.getSession().getProtocol();
            System.out.println("negotiated " + negotiated);
            server.join();
            System.exit(negotiated.equals(protocol) ? 0 : 2);
        }
        catch (javax.net.ssl.SSLException ex) {
            System.out.println("refused: " + ex);
            System.exit(1);
        }
    }

    private static SSLServerSocket selfServer(Path certificate, Path key, String protocol) throws Exception {
        String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", privateKey, new char[0], new Certificate[] { certificate(certificate) });
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
        listener.setEnabledProtocols(new String[] { protocol });
        return listener;
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}

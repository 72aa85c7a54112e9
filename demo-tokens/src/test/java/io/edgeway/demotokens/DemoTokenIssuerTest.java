package io.edgeway.demotokens;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTokenIssuerTest {

    @TempDir
    Path dir;

    @Test
    void mintsAnRs256TokenWithTheDemoClaimsSignedByTheKeyInTheDirectory() throws Exception {
        SignedJWT jwt = SignedJWT.parse(run(dir.toString(), "--sub", "alice", "--scope", "api read"));

        assertThat(jwt.verify(new RSASSAVerifier(publicKey()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("scope")).isEqualTo("api read");
        assertThat(claims.getIssuer()).isEqualTo(DemoTokenIssuer.ISSUER);
        assertThat(claims.getAudience()).isEqualTo(List.of(DemoTokenIssuer.AUDIENCE));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(DemoTokenIssuer.TTL);
    }

    @Test
    void takesTtlIssuerAndAudienceFromTheCommandLine() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(run(dir.toString(), "--ttl", "30m", "--iss", "other", "--aud", "them"))
                .getJWTClaimsSet();

        assertThat(claims.getIssuer()).isEqualTo("other");
        assertThat(claims.getAudience()).isEqualTo(List.of("them"));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void initPrintsThePublicKeyFileAndKeepsThePairItMadeOnFirstUse() throws Exception {
        assertThat(run(dir.toString(), "--init"))
                .isEqualTo(dir.resolve(DemoKeys.PUBLIC_KEY).toAbsolutePath().toString());
        String publicKey = Files.readString(dir.resolve(DemoKeys.PUBLIC_KEY));

        String token = run(dir.toString(), "--sub", "bob");

        assertThat(Files.readString(dir.resolve(DemoKeys.PUBLIC_KEY))).isEqualTo(publicKey);
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(publicKey()))).isTrue();
    }

    @Test
    void privateKeyIsReadableByTheOwnerOnly() throws Exception {
        run(dir.toString(), "--init");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DemoKeys.PRIVATE_KEY))))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesUnknownOptions() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = DemoTokenIssuer.run(new String[] { dir.toString(), "--admin" }, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--admin");
    }

    @Test
    void refusesAMissingKeyDirectory() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = DemoTokenIssuer.run(new String[] { "--sub", "alice" }, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage:");
    }

    private String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DemoTokenIssuer.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private RSAPublicKey publicKey() throws Exception {
        byte[] der = Pem.decode(Files.readString(dir.resolve(DemoKeys.PUBLIC_KEY)));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    }
}

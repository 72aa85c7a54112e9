package io.edgeway.gateway.auth;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.edgeway.gateway.settings.AuthProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.FileSystemResource;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTokenIssuerTest {

    @TempDir
    Path dir;

    @Test
    void mintsTokenTheGatewayAcceptsWithTheDemoSettings() throws Exception {
        String token = run(dir.toString(), "--sub", "alice", "--scope", "api read");

        Jwt jwt = decoder().decode(token).block();

        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("api read");
        assertThat(jwt.getExpiresAt()).isBetween(jwt.getIssuedAt().plusSeconds(3599), jwt.getIssuedAt().plusSeconds(3601));
    }

    @Test
    void keepsTheKeyPairItMadeOnFirstUse() throws Exception {
        run(dir.toString(), "--init");
        String publicKey = Files.readString(dir.resolve(DemoTokenIssuer.PUBLIC_KEY));

        String token = run(dir.toString(), "--sub", "bob");

        assertThat(Files.readString(dir.resolve(DemoTokenIssuer.PUBLIC_KEY))).isEqualTo(publicKey);
        assertThat(decoder().decode(token).block().getSubject()).isEqualTo("bob");
    }

    @Test
    void privateKeyIsReadableByTheOwnerOnly() throws Exception {
        run(dir.toString(), "--init");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DemoTokenIssuer.PRIVATE_KEY))))
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

    private String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DemoTokenIssuer.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private EdgeJwtDecoder decoder() {
        return new EdgeJwtDecoder(new AuthProperties("edgeway-demo", List.of("edgeway"), null,
                List.of(new FileSystemResource(dir.resolve(DemoTokenIssuer.PUBLIC_KEY))), Set.of("RS256"),
                Duration.ofSeconds(30), "authenticated", new AuthProperties.Headers("X-Auth-Subject", "X-Auth-Scopes",
                        List.of())));
    }
}

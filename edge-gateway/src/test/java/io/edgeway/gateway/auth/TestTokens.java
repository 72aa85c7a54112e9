package io.edgeway.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Signs real tokens with Nimbus, good and hostile, for one issuer's RSA key. */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.test";

    public static final String AUDIENCE = "edgeway-test";

    private final KeyPair keys = rsa();

    /** Writes the public key as PEM and answers its {@code file:} location. */
    public String writePublicKey(Path dir) {
        try {
            Path file = Files.createDirectories(dir).resolve("issuer-public.pem");
            Files.writeString(file, publicPem());
            return "file:" + file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public String publicPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Claims of a good token for the subject and scopes; customise them to make a bad one. */
    public static JWTClaimsSet.Builder claims(String subject, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE)).subject(subject)
                .claim("scope", scope).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    public String valid(String subject, String scope) {
        return sign(claims(subject, scope).build());
    }

    public String valid(String subject, String scope, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = claims(subject, scope);
        change.accept(builder);
        return sign(builder.build());
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, (RSAPrivateKey) keys.getPrivate());
    }

    /** A well-formed token signed by another key than the issuer's. */
    public static String signedByStranger(JWTClaimsSet claims) {
        return sign(claims, (RSAPrivateKey) rsa().getPrivate());
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** The key-confusion attack: HS256 with the issuer's public key (as a verifier might read it) as the secret. */
    public String hmacWithPublicKey(JWTClaimsSet claims, boolean pemText) {
        byte[] secret = pemText ? publicPem().getBytes() : keys.getPublic().getEncoded();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    private static String sign(JWTClaimsSet claims, RSAPrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

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
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.edgeway.demotokens.JwtMinter;
import io.edgeway.demotokens.Pem;

/**
 * Real tokens for one test issuer's RSA key: good ones signed by the project's {@link JwtMinter}, and the hostile
 * ones no issuer would make (unsigned, signed by a stranger, HMAC-"signed" with the public key).
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.test";

    public static final String AUDIENCE = "edgeway-test";

    private final KeyPair keys = rsa();

    private final JwtMinter minter = new JwtMinter((RSAPrivateKey) keys.getPrivate());

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
        return Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    /** Claims of a good token for the subject and scopes; customise them to make a bad one. */
    public static JWTClaimsSet.Builder claims(String subject, String scope) {
        return JwtMinter.claims(ISSUER, AUDIENCE, subject, scope, Duration.ofMinutes(5));
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
        return minter.sign(claims);
    }

    /** A token signed by this issuer's key, naming it {@code keyId} in its header. */
    public String sign(JWTClaimsSet claims, String keyId) {
        return minter.sign(claims, keyId);
    }

    /** This issuer's public key as a JWK named {@code keyId}, as a JWK set publishes it. */
    public RSAKey publicJwk(String keyId) {
        return new RSAKey.Builder(publicKey()).keyID(keyId).build();
    }

    /** A well-formed token signed by another key than the issuer's. */
    public static String signedByStranger(JWTClaimsSet claims) {
        return new JwtMinter((RSAPrivateKey) rsa().getPrivate()).sign(claims);
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

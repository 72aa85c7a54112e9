package io.edgeway.demotokens;

import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs JWTs with one RSA key (RS256): the one place edgeway mints bearer tokens, for the demo issuer and for every
 * test that needs a real token.
 */
public final class JwtMinter {

    private final RSASSASigner signer;

    public JwtMinter(RSAPrivateKey key) {
        this.signer = new RSASSASigner(key);
    }

    /**
     * The claims of a token as the demo issuer makes it: issued now, expiring after {@code ttl}, with a fresh
     * {@code jti}; {@code scope} is the space-separated list the gateway reads.
     */
    public static JWTClaimsSet.Builder claims(String issuer, String audience, String subject, String scope,
            Duration ttl) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject).claim("scope", scope)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl))).jwtID(UUID.randomUUID().toString());
    }

    /** A signed token with the claims of {@link #claims}. */
    public String mint(String issuer, String audience, String subject, String scope, Duration ttl) {
        return sign(claims(issuer, audience, subject, scope, ttl).build());
    }

    /** A signed token with exactly these claims (tests leave some out or make them wrong on purpose). */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, null);
    }

    /** As {@link #sign(JWTClaimsSet)}, naming the signing key in the header's {@code kid} (null: no kid). */
    public String sign(JWTClaimsSet claims, String keyId) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId)
                .build(), claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }
}

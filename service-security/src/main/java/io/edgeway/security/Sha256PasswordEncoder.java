package io.edgeway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.security.crypto.password.PasswordEncoder;

/** A machine secret kept as its SHA-256 digest (hex), compared in constant time, and never re-encoded. */
public final class Sha256PasswordEncoder implements PasswordEncoder {

    private static final HexFormat HEX = HexFormat.of();

    @Override
    public String encode(CharSequence rawPassword) {
        return (rawPassword != null) ? HEX.formatHex(digest(rawPassword)) : null;
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HEX.parseHex(encodedPassword);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        return MessageDigest.isEqual(digest(rawPassword), expected);
    }

    /** Never: a slower hash would add CPU to every call of a client that calls every second, and protect nothing. */
    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return false;
    }

    private static byte[] digest(CharSequence rawPassword) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }
}

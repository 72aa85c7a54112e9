package io.edgeway.demotokens;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text of a DER-encoded key: {@code -----BEGIN PUBLIC KEY-----}, base64 in 64-character lines, the end line. */
public final class Pem {

    private Pem() {
    }

    /** The DER bytes as PEM of the type, e.g. {@code PUBLIC KEY} or {@code PRIVATE KEY}. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER bytes of PEM text (its BEGIN and END lines and line breaks dropped). */
    public static byte[] decode(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----|\\s", ""));
    }
}

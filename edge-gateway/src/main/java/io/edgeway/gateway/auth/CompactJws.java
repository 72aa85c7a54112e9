package io.edgeway.gateway.auth;

import java.util.Base64;

/**
 * The JWS compact form of a bearer token (RFC 7515 section 7.1): three segments of base64url without padding. A
 * segment is canonical when it decodes and encodes back to the same text; otherwise padding or unused low bits make
 * many texts for the same token.
 */
final class CompactJws {

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CompactJws() {
    }

    static boolean isCanonical(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        return isCanonicalSegment(token.substring(0, first)) && isCanonicalSegment(token.substring(first + 1, second))
                && isCanonicalSegment(token.substring(second + 1));
    }

    private static boolean isCanonicalSegment(String segment) {
        if (segment.isEmpty() || segment.indexOf('=') >= 0) {
            return false;
        }
        try {
            return ENCODER.encodeToString(DECODER.decode(segment)).equals(segment);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }
}

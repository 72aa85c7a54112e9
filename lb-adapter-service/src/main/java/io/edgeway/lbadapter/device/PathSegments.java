package io.edgeway.lbadapter.device;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes names (partitions, pools, members, service groups) for one URL path segment or query value, so that
 * no name can change the path: {@code /}, {@code ?}, {@code #}, {@code %}, {@code ~}, {@code ,}, spaces and every
 * non-ASCII byte are escaped; only letters, digits, {@code - . _ :} stay as they are, and a name that is all dots
 * ({@code .}, {@code ..}) is escaped too, since a client or proxy would otherwise resolve it as a step up the path.
 */
public final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /** The name percent-encoded once (as an iControl REST server decodes it once). */
    public static String encode(String name) {
        if (!name.isEmpty() && name.chars().allMatch(c -> c == '.')) {
            return "%2E".repeat(name.length());
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == ':') {
                out.append((char) c);
            }
            else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * The name percent-encoded twice, as NITRO's own clients send names: the appliance decodes them up to twice, so a
     * name encoded once that itself holds {@code %2F} would otherwise be read as {@code /}.
     */
    public static String encodeTwice(String name) {
        return encode(encode(name));
    }
}

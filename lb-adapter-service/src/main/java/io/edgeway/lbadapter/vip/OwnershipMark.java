package io.edgeway.lbadapter.vip;

/**
 * The mark the adapter writes into the VIPs, pools and monitors it creates (F5 {@code description}, NetScaler
 * {@code comment}); a VIP without it was made by hand and is never changed or deleted.
 */
public final class OwnershipMark {

    /** The text written; a declared VIP's name follows it ({@code edgeway:vip shop}). */
    public static final String PREFIX = "edgeway:vip";

    private OwnershipMark() {
    }

    /** The mark of the declared VIP of this name. */
    public static String of(String vipName) {
        return PREFIX + " " + vipName;
    }

    /** Whether a description or comment read from a device carries the mark. */
    public static boolean isOwned(String descriptionOrComment) {
        return descriptionOrComment != null && descriptionOrComment.startsWith(PREFIX + " ");
    }

    /** The VIP name a mark carries ({@code shop} of {@code edgeway:vip shop protocol=http}), or null without a mark. */
    public static String nameOf(String descriptionOrComment) {
        if (!isOwned(descriptionOrComment)) {
            return null;
        }
        String rest = descriptionOrComment.substring(PREFIX.length() + 1);
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }
}

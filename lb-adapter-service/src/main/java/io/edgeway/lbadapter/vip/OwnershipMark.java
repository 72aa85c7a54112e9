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
}

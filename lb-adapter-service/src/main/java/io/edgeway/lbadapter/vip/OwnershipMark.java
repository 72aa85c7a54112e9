package io.edgeway.lbadapter.vip;

/**
 * The mark the adapter writes into the VIPs, pools and monitors it creates (F5 {@code description}, NetScaler
 * {@code comment}); a VIP without it was made by hand and is never changed or deleted. The mark of a virtual server
 * also names the config commit that last created or changed it ({@code edgeway:vip shop commit=1a2b3c...}), so that
 * the VIP page says which commit declared it after a restart too; marks written before that carry no commit and are
 * recognised all the same.
 */
public final class OwnershipMark {

    /** The text written; a declared VIP's name follows it ({@code edgeway:vip shop}). */
    public static final String PREFIX = "edgeway:vip";

    private static final String COMMIT = "commit";

    private OwnershipMark() {
    }

    /** The mark of the declared VIP of this name. */
    public static String of(String vipName) {
        return PREFIX + " " + vipName;
    }

    /** The mark of the declared VIP of this name, written for this config commit (none when null). */
    public static String of(String vipName, String commit) {
        return commit == null || commit.isBlank() ? of(vipName) : of(vipName) + " " + COMMIT + "=" + commit;
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

    /** The config commit a mark names, or null for a mark without one (older marks) and for no mark. */
    public static String commitOf(String descriptionOrComment) {
        return isOwned(descriptionOrComment) ? valueOf(descriptionOrComment, COMMIT) : null;
    }

    /** The value of a {@code key=value} word of a mark, or null. */
    static String valueOf(String mark, String key) {
        for (String word : mark.split(" ")) {
            if (word.startsWith(key + "=") && word.length() > key.length() + 1) {
                return word.substring(key.length() + 1);
            }
        }
        return null;
    }
}

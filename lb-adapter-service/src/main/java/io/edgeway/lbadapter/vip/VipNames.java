package io.edgeway.lbadapter.vip;

/**
 * The names of a declared VIP's objects on a device: the virtual server takes the VIP's name, its pool (service
 * group) and monitor the name with a suffix, so that the three never collide and are found again after a restart.
 */
public final class VipNames {

    private VipNames() {
    }

    /** The pool (F5) or service group (NetScaler). */
    public static String pool(String vip) {
        return vip + "_pool";
    }

    /** The HTTP monitor. */
    public static String monitor(String vip) {
        return vip + "_monitor";
    }
}

package io.edgeway.lbadapter.reconcile;

/**
 * A virtual server (F5) or lbvserver (NetScaler), read-only.
 *
 * @param device    the device's configured name
 * @param partition its partition
 * @param name      its name on the device
 * @param address   its IP address
 * @param port      its port
 * @param protocol  {@code tcp}, {@code HTTP}, {@code SSL}, ... as the vendor names it
 * @param enabled   its admin state
 * @param state     its operational state as the vendor names it ({@code available}, {@code UP}, ...)
 * @param pool      the pool or service group it sends traffic to, or null
 * @param note      its F5 {@code description} or NetScaler {@code comment} (where the adapter's ownership mark is),
 *                  or null
 */
public record VirtualServer(String device, String partition, String name, String address, int port, String protocol,
        boolean enabled, String state, String pool, String note) {

    /** A virtual server without a description or comment. */
    public VirtualServer(String device, String partition, String name, String address, int port, String protocol,
            boolean enabled, String state, String pool) {
        this(device, partition, name, address, port, protocol, enabled, state, pool, null);
    }
}

package io.edgeway.lbadapter.view;

import java.util.List;
import java.util.Locale;

import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.VirtualServer;

/**
 * A virtual server with its pool (F5) or service group (NetScaler) and that pool's members.
 *
 * @param server    the virtual server
 * @param pool      its pool, or null when it has none
 * @param members   the pool's members (empty when it has none or could not be read)
 * @param poolError why the pool could not be read, or null
 */
public record PooledVirtualServer(VirtualServer server, PoolKey pool, List<ObservedMember> members,
        String poolError) {

    public PooledVirtualServer {
        members = List.copyOf(members);
    }

    /** The pool a virtual server sends to: F5 names it by full path {@code /Partition[/folder]/name}. */
    static PoolKey poolOf(VirtualServer server) {
        String pool = server.pool();
        if (pool == null || pool.isBlank()) {
            return null;
        }
        int slash = pool.indexOf('/', 1);
        if (pool.startsWith("/") && slash > 1) {
            // A folder path becomes the iControl form, folder~name.
            return new PoolKey(server.device(), pool.substring(1, slash), pool.substring(slash + 1).replace('/', '~'));
        }
        return new PoolKey(server.device(), server.partition(), pool);
    }

    /**
     * Whether a search matches, case-insensitively and as a substring: the virtual server's name, its address (with
     * or without the port), its pool's name, or a member's address.
     */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String q = query.trim().toLowerCase(Locale.ROOT);
        return contains(server.name(), q) || contains(server.address(), q)
                || contains(server.address() + ":" + server.port(), q) || contains(server.pool(), q)
                || (pool != null && contains(pool.pool(), q))
                || members.stream().anyMatch(m -> contains(m.address().toString(), q));
    }

    private static boolean contains(String value, String query) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(query);
    }
}

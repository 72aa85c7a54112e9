package io.edgeway.lbadapter.view;

import java.util.List;

import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.VirtualServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pool a virtual server sends to, and what a search matches. */
class PooledVirtualServerTest {

    @Test
    void readsAnF5PoolFromItsFullPathInItsOwnPartition() {
        assertThat(PooledVirtualServer.poolOf(server("f5", "Common", "/Tenant1/shop")))
                .isEqualTo(new PoolKey("f5", "Tenant1", "shop"));
        assertThat(PooledVirtualServer.poolOf(server("f5", "Common", "/Common/app/web")))
                .isEqualTo(new PoolKey("f5", "Common", "app~web"));
    }

    @Test
    void readsANetScalerServiceGroupInTheVirtualServersPartition() {
        assertThat(PooledVirtualServer.poolOf(server("ns", "tenant1", "shop")))
                .isEqualTo(new PoolKey("ns", "tenant1", "shop"));
        assertThat(PooledVirtualServer.poolOf(server("ns", "tenant1", null))).isNull();
    }

    @Test
    void matchesNameAddressPoolOrMemberIgnoringCase() {
        VirtualServer server = server("f5", "Common", "/Common/payments");
        PooledVirtualServer pooled = new PooledVirtualServer(server, PooledVirtualServer.poolOf(server),
                List.of(ObservedMember.enabled(new MemberAddress("10.1.1.7", 8443))), null);

        assertThat(List.of("SHOP_VS", "10.0.0.5", "10.0.0.5:443", "payments", "10.1.1.7:8443", "", " "))
                .allMatch(pooled::matches);
        assertThat(pooled.matches("10.9.9.9")).isFalse();
    }

    private static VirtualServer server(String device, String partition, String pool) {
        return new VirtualServer(device, partition, "shop_vs", "10.0.0.5", 443, "tcp", true, "available", pool);
    }
}

package io.edgeway.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two Eureka nodes on one machine (127.0.0.1 and 127.0.0.2) replicate, and a client listing both survives one. */
class EurekaPeersIT {

    private final Stack stack = Stack.shared();

    @Test
    void registrationsReplicateAndClientsListingEveryNodeSurviveLosingOne() {
        int port1 = ServiceProcess.freePort();
        int port2 = ServiceProcess.freePort();
        // Everyone lists plain URLs: nodes replicate with the peer credential in a header, clients send their own.
        String peers = Stack.peerUrl("127.0.0.1", port1) + "," + Stack.peerUrl("127.0.0.2", port2);
        String url1 = "http://127.0.0.1:" + port1 + "/eureka/";
        String url2 = "http://127.0.0.2:" + port2 + "/eureka/";
        ServiceProcess node1 = stack.track(startNode("127.0.0.1", port1, peers));
        ServiceProcess node2 = stack.track(startNode("127.0.0.2", port2, peers));
        Stream.of(node1, node2).parallel().forEach(n -> n.awaitHealthy(Duration.ofMinutes(2)));
        Eureka eureka1 = Eureka.reader(node1);
        Eureka eureka2 = Eureka.reader(node2);

        ServiceProcess onlyNode1 = stack.startBackend("v1", Map.of("EUREKA_URL", url1), List.of());
        ServiceProcess bothNodes = stack.startBackend("v2", Map.of("EUREKA_URL", url1 + "," + url2), List.of());
        try {
            Stream.of(onlyNode1, bothNodes).parallel().forEach(b -> b.awaitHealthy(Duration.ofMinutes(2)));
            await("registered at node 1, replicated to node 2").atMost(Duration.ofSeconds(30))
                    .until(() -> isUp(eureka2, onlyNode1) && isUp(eureka2, bothNodes) && isUp(eureka1, bothNodes));

            node1.kill();

            await("the client that lists only node 1 expires on node 2").atMost(Duration.ofSeconds(45))
                    .until(() -> eureka2.instanceOnPort("sample-backend", onlyNode1.port()).isEmpty());
            // The 6 s lease lapses within about 12 s without renewals (Eureka counts the duration twice), as it
            // just did for the other client: still UP on node 2 for 15 more seconds means its renewals now go there.
            await("the client that lists both nodes stays registered").during(Duration.ofSeconds(15))
                    .atMost(Duration.ofSeconds(20)).until(() -> isUp(eureka2, bothNodes));
            // Each node logged its peers' URLs while they were starting (connection refused): no password in them.
            assertThat(node1.logText() + node2.logText()).contains("Request execution error")
                    .doesNotContain(Stack.EUREKA_PEER_PASSWORD);
        }
        finally {
            Stream.of(onlyNode1, bothNodes, node2).parallel().forEach(ServiceProcess::close);
        }
    }

    private static ServiceProcess startNode(String host, int port, String peers) {
        Map<String, String> env = new HashMap<>(Stack.discoveryEnv());
        env.putAll(Map.of("SPRING_PROFILES_ACTIVE", "peer", "EUREKA_HOSTNAME", host, "EUREKA_PEERS", peers));
        return ServiceProcess.start("discovery-server", "discovery-peer-" + host, port, env,
                List.of("--server.address=" + host));
    }

    private static boolean isUp(Eureka eureka, ServiceProcess backend) {
        return eureka.instanceOnPort("sample-backend", backend.port()).filter(i -> i.status().equals("UP")).isPresent();
    }
}

import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A baseline for bench/policy-bench.sh: the bare minimum of a proxy on the gateway's own Reactor Netty (no Spring,
 * no routing, no filters, one backend), so the benchmark shows what the transport costs apart from the gateway.
 *
 * <pre>
 * java -cp edge-gateway's BOOT-INF/lib/* BareNettyProxy HOST PORT BACKEND-URL
 * </pre>
 */
public final class BareNettyProxy {

    private BareNettyProxy() {
    }

    public static void main(String[] args) {
        HttpClient backend = HttpClient.create().baseUrl(args[2]);
        DisposableServer server = HttpServer.create().host(args[0]).port(Integer.parseInt(args[1]))
                .handle((request, response) -> backend.headers(headers -> headers.add(request.requestHeaders()))
                        .request(request.method()).uri(request.uri())
                        .send(request.receive().retain())
                        .response((answer, body) -> response.status(answer.status())
                                .headers(answer.responseHeaders()).send(body.retain()).then())
                        .then())
                .bindNow();
        System.out.println("BareNettyProxy on " + args[0] + ":" + args[1] + " -> " + args[2]);
        server.onDispose().block();
    }
}

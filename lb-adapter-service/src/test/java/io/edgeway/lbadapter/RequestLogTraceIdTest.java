package io.edgeway.lbadapter;

import io.edgeway.testsupport.RequestLogTraceIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The lines this service logs while it handles a request carry the trace id of the request's W3C
 * {@code traceparent} (Boot's log correlation, from the tracing on the classpath). The dispatcher's debug line of the
 * request stands for any line a handler writes.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "logging.level.org.springframework.web.servlet.DispatcherServlet=debug" })
class RequestLogTraceIdTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void logLinesOfARequestCarryTheTraceIdOfItsTraceparent(CapturedOutput output) {
        RequestLogTraceIds.awaitLogged("http://127.0.0.1:" + port, "/livez", output::getAll);
    }
}

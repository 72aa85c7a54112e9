package io.edgeway.discovery.operator;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import com.netflix.discovery.shared.Application;
import com.netflix.eureka.registry.PeerAwareInstanceRegistry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The operator view of the registry at {@value #PATH}: every instance with its status, version and, for gateways,
 * the config commit it runs (Eureka metadata {@value #CONFIG_REVISION}), and a button that takes it out of service
 * or puts it back (operator login; plain HTML forms with a CSRF token, no script).
 */
@RestController
public class OperatorPageController {

    /** Where the page is. */
    public static final String PATH = "/operator";

    /** The metadata key a gateway publishes its applied config commit under (edge-gateway's ConfigRevisionApplier). */
    static final String CONFIG_REVISION = "config-revision";

    private final PeerAwareInstanceRegistry registry;

    private final InstanceStatusActions actions;

    private final OperatorAudit audit;

    public OperatorPageController(PeerAwareInstanceRegistry registry, InstanceStatusActions actions,
            OperatorAudit audit) {
        this.registry = registry;
        this.actions = actions;
        this.audit = audit;
    }

    @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
    String page(CsrfToken csrf) {
        StringBuilder html = new StringBuilder(4096).append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Registry: operator view</title>
                <style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.OUT_OF_SERVICE{color:#b00}
                .UP{color:#070}</style></head><body>
                <h1>Registry: operator view</h1><p><a href="/">Eureka dashboard</a></p>
                <table id="instances"><thead><tr><th>Application</th><th>Instance</th><th>Address</th>
                <th>Status</th><th>Version</th><th>Config commit</th><th>Action</th></tr></thead><tbody>
                """);
        List<Application> applications = registry.getSortedApplications();
        for (Application application : applications) {
            List<InstanceInfo> instances = application.getInstances().stream()
                    .sorted(Comparator.comparing(InstanceInfo::getInstanceId)).toList();
            for (InstanceInfo instance : instances) {
                row(html, application.getName(), instance, csrf);
            }
        }
        html.append("</tbody></table><h2>Latest operator actions</h2><table id=\"audit\"><thead><tr><th>When</th>")
                .append("<th>Operator</th><th>Instance</th><th>Action</th></tr></thead><tbody>");
        for (OperatorAudit.Entry entry : audit.latest()) {
            html.append("<tr><td>").append(entry.at()).append("</td><td>").append(escape(entry.operator()))
                    .append("</td><td>").append(escape(entry.application() + "/" + entry.instanceId()))
                    .append("</td><td>").append(escape(entry.action())).append(entry.applied() ? "" : " (no such instance)")
                    .append("</td></tr>");
        }
        return html.append("</tbody></table></body></html>\n").toString();
    }

    private static void row(StringBuilder html, String application, InstanceInfo instance, CsrfToken csrf) {
        InstanceStatus status = instance.getStatus();
        boolean outOfService = status == InstanceStatus.OUT_OF_SERVICE;
        String metadataVersion = instance.getMetadata().get("version");
        String revision = instance.getMetadata().get(CONFIG_REVISION);
        String action = PATH + "/instances/" + escape(application) + "/" + escape(instance.getInstanceId())
                + (outOfService ? "/in-service" : "/out-of-service");
        html.append("<tr data-instance=\"").append(escape(instance.getInstanceId())).append("\"><td>")
                .append(escape(application)).append("</td><td>").append(escape(instance.getInstanceId()))
                .append("</td><td>").append(escape(instance.getIPAddr() + ":" + instance.getPort()))
                .append("</td><td class=\"status ").append(status).append("\">").append(status)
                .append("</td><td>").append(escape(metadataVersion != null ? metadataVersion : ""))
                .append("</td><td class=\"config-revision\">").append(escape(revision != null ? revision : ""))
                .append("</td><td><form method=\"post\" action=\"").append(action).append("\">")
                .append("<input type=\"hidden\" name=\"").append(escape(csrf.getParameterName()))
                .append("\" value=\"").append(escape(csrf.getToken())).append("\"><button type=\"submit\">")
                .append(outOfService ? "Put back in service" : "Take out of service").append("</button></form></td></tr>\n");
    }

    @PostMapping(PATH + "/instances/{application}/{instanceId}/out-of-service")
    ResponseEntity<String> takeOutOfService(@PathVariable String application, @PathVariable String instanceId,
            Principal operator) {
        return afterAction(actions.takeOutOfService(operator.getName(), application, instanceId));
    }

    @PostMapping(PATH + "/instances/{application}/{instanceId}/in-service")
    ResponseEntity<String> putBackInService(@PathVariable String application, @PathVariable String instanceId,
            Principal operator) {
        return afterAction(actions.putBackInService(operator.getName(), application, instanceId));
    }

    /** Back to the page (post/redirect/get), or 404 for an instance the registry does not know. */
    private static ResponseEntity<String> afterAction(boolean applied) {
        if (!applied) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body("No such instance: nothing changed\n");
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, PATH).build();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}

package io.edgeway.config.revision;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.lb.rules.VipRules;
import io.edgeway.lb.rules.VipSettings;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Judges the load-balancer adapter's declared VIPs in a revision with the adapter's own {@link VipRules}, as an
 * adapter of each profile reads them ({@code application.yml}, then {@code lb-adapter-service.yml}, then the
 * profile's files); each problem is reported once, against the file that sets its key.
 */
final class AdapterVipCheck {

    static final List<String> BASE_FILES = List.of("application", "lb-adapter-service");

    private AdapterVipCheck() {
    }

    /** Whether an adapter reads the file of this base name. */
    static boolean reads(String baseName) {
        return BASE_FILES.stream().anyMatch(file -> baseName.equals(file) || baseName.startsWith(file + "-"));
    }

    /** Problems of the adapter's VIPs in these files (path → flat keys); none when no file declares VIPs. */
    static List<String> check(Map<String, Map<String, String>> files) {
        Set<String> problems = new LinkedHashSet<>();
        for (String profile : RevisionValidator.views(files.keySet(), BASE_FILES)) {
            Map<String, Map<String, String>> layers = RevisionValidator.layers(files, BASE_FILES, profile);
            Map<String, String> view = RevisionValidator.merge(layers);
            if (view.keySet().stream().noneMatch(key -> key.startsWith(VipSettings.PREFIX + ".vips"))) {
                continue;
            }
            for (String problem : problems(view)) {
                problems.add(RevisionValidator.origin(problem, layers) + ": " + problem);
            }
        }
        return List.copyOf(problems);
    }

    private static List<String> problems(Map<String, String> view) {
        Binder binder = new Binder(new MapConfigurationPropertySource(RevisionValidator.resolve(view, view, false)));
        try {
            return VipSettings.bind(binder).check();
        }
        catch (BindException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            return List.of(ex.getProperty() != null ? ex.getProperty().getName() + ": " + cause.getMessage()
                    : ex.getName() + ": " + cause.getMessage());
        }
    }
}

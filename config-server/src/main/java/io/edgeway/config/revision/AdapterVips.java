package io.edgeway.config.revision;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.edgeway.lb.rules.VipSettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The load-balancer adapter's VIP settings in one revision, as an adapter of each profile reads them: what
 * {@code config diff} compares between two revisions.
 */
public final class AdapterVips {

    private AdapterVips() {
    }

    /**
     * The VIP settings by profile ({@code null}: the default profile) in these files (path → content); a view that
     * does not parse or bind (the validator's to report) is left out.
     */
    public static Map<String, VipSettings> byProfile(Map<String, String> files) {
        Map<String, Map<String, String>> adapterFiles = new TreeMap<>();
        files.forEach((path, content) -> {
            if ((path.endsWith(".yml") || path.endsWith(".yaml"))
                    && AdapterVipCheck.reads(RevisionValidator.baseName(path))) {
                try {
                    adapterFiles.put(path, RevisionValidator.flatten(path, content));
                }
                catch (RuntimeException ex) {
                    // Not YAML: the validator says so.
                }
            }
        });
        Map<String, VipSettings> settings = new LinkedHashMap<>();
        for (String profile : RevisionValidator.views(adapterFiles.keySet(), AdapterVipCheck.BASE_FILES)) {
            Map<String, String> view = RevisionValidator.merge(RevisionValidator.layers(adapterFiles,
                    AdapterVipCheck.BASE_FILES, profile));
            try {
                Binder binder = new Binder(new MapConfigurationPropertySource(
                        RevisionValidator.resolve(view, view, false)));
                settings.put(profile, VipSettings.bind(binder));
            }
            catch (RuntimeException ex) {
                // Does not bind: the validator says why.
            }
        }
        return settings;
    }
}

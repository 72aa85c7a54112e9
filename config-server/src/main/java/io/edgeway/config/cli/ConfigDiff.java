package io.edgeway.config.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.edgeway.config.revision.AdapterVips;
import io.edgeway.config.revision.RevisionReader;
import io.edgeway.config.revision.RevisionValidator;
import io.edgeway.lb.rules.VipSettings;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * For pull-request checks: validates a revision of the config repository as the config server would, and prints
 * the effective change from another revision: routes added, removed and changed, weights before → after, the
 * adapter's declared VIPs added, changed and removed with the device each lands on ({@link VipDiff}), and every
 * other changed setting. Exits 1 when the new revision is invalid, 2 on bad usage.
 *
 * <pre>java -cp config-server.jar -Dloader.main=io.edgeway.config.cli.ConfigDiff \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [--repo DIR] [--path config-repo] OLD NEW</pre>
 */
public final class ConfigDiff {

    private static final String VIPS = VipSettings.PREFIX + ".vips";

    private final PrintStream out;

    ConfigDiff(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        System.exit(new ConfigDiff(System.out).run(args));
    }

    int run(String[] args) throws IOException {
        String repo = ".";
        String path = "config-repo";
        List<String> revisions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = args[++i];
                case "--path" -> path = args[++i];
                default -> revisions.add(args[i]);
            }
        }
        if (revisions.size() != 2) {
            out.println("usage: config diff [--repo DIR] [--path config-repo] OLD-REV NEW-REV");
            return 2;
        }
        File gitDir = new FileRepositoryBuilder().findGitDir(new File(repo).getAbsoluteFile()).getGitDir();
        if (gitDir == null) {
            out.println("not a git repository: " + repo);
            return 2;
        }
        String oldCommit;
        String newCommit;
        try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir).build()) {
            oldCommit = resolve(repository, revisions.get(0));
            newCommit = resolve(repository, revisions.get(1));
        }
        RevisionReader reader = new RevisionReader(gitDir.getParentFile(), List.of(path));
        Map<String, String> oldFiles = strip(reader.files(oldCommit), path);
        Map<String, String> newFiles = strip(reader.files(newCommit), path);
        out.println("config " + abbrev(oldCommit) + " -> " + abbrev(newCommit));

        List<String> problems = new RevisionValidator(Set.of(), Set.of()).validate(newFiles);
        if (!problems.isEmpty()) {
            out.println("INVALID: the config server would refuse " + abbrev(newCommit) + ":");
            problems.forEach(p -> out.println("  - " + p));
            return 1;
        }
        boolean changed = printChanges(parse(oldFiles), parse(newFiles));
        changed |= printVipChanges(AdapterVips.byProfile(oldFiles), AdapterVips.byProfile(newFiles));
        if (!changed) {
            out.println("no effective change");
        }
        out.println("valid");
        return 0;
    }

    /** Prints the declared VIPs' changes, for the default profile and each profile whose changes differ. */
    private boolean printVipChanges(Map<String, VipSettings> before, Map<String, VipSettings> after) {
        Set<String> profiles = new LinkedHashSet<>();
        profiles.add(null);
        profiles.addAll(after.keySet());
        profiles.addAll(before.keySet());
        VipSettings none = new VipSettings(null, null);
        List<String> defaults = null;
        boolean any = false;
        for (String profile : profiles) {
            List<String> lines = VipDiff.lines(before.getOrDefault(profile, none), after.getOrDefault(profile, none));
            if (profile == null) {
                defaults = lines;
            }
            else if (lines.equals(defaults)) {
                continue;
            }
            if (!lines.isEmpty()) {
                any = true;
                out.println("VIPs (lb-adapter-service" + (profile == null ? "" : ", profile " + profile) + "):");
                lines.forEach(out::println);
            }
        }
        return any;
    }

    private boolean printChanges(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
        Set<String> files = new TreeSet<>(before.keySet());
        files.addAll(after.keySet());
        boolean any = false;
        for (String file : files) {
            Map<String, String> old = before.getOrDefault(file, Map.of());
            Map<String, String> now = after.getOrDefault(file, Map.of());
            List<String> lines = new ArrayList<>();
            Map<String, Map<String, String>> oldRoutes = routesById(old);
            Map<String, Map<String, String>> newRoutes = routesById(now);
            for (String id : union(oldRoutes.keySet(), newRoutes.keySet())) {
                Map<String, String> o = oldRoutes.get(id);
                Map<String, String> n = newRoutes.get(id);
                if (o == null) {
                    lines.add("  + route " + id + " " + describe(n));
                }
                else if (n == null) {
                    lines.add("  - route " + id + " " + describe(o));
                }
                else if (!o.equals(n)) {
                    lines.add("  ~ route " + id + ": " + changes(o, n));
                }
            }
            for (String key : union(old.keySet(), now.keySet())) {
                if (key.startsWith(RevisionValidator.ROUTES + "[") || key.startsWith(VIPS + "[") || Objects.equals(old.get(key), now.get(key))) {
                    continue;
                }
                lines.add("  ~ " + label(key, old.get(key), now.get(key)) + key + ": " + show(old.get(key)) + " -> " + show(now.get(key)));
            }
            if (!lines.isEmpty()) {
                any = true;
                out.println(file + ":");
                lines.forEach(out::println);
            }
        }
        return any;
    }

    private static Map<String, Map<String, String>> routesById(Map<String, String> flat) {
        Map<String, Map<String, String>> routes = new LinkedHashMap<>();
        for (Map<String, String> route : RevisionValidator.routes(flat)) {
            routes.put(route.getOrDefault("id", "?"), route);
        }
        return routes;
    }

    private static String describe(Map<String, String> route) {
        List<String> parts = new ArrayList<>();
        route.forEach((key, value) -> {
            if (!key.equals("id")) {
                parts.add(key + "=" + value);
            }
        });
        return "(" + String.join(", ", parts) + ")";
    }

    private static String changes(Map<String, String> before, Map<String, String> after) {
        List<String> parts = new ArrayList<>();
        for (String key : union(before.keySet(), after.keySet())) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                parts.add(label(key, before.get(key), after.get(key)) + key + " " + show(before.get(key)) + " -> " + show(after.get(key)));
            }
        }
        return String.join(", ", parts);
    }

    /** What kind of change a key is, for the reviewer: canary weight, shedding or auth; empty for the rest. */
    private static String label(String key, String before, String after) {
        String lower = key.toLowerCase(Locale.ROOT);
        String definition = String.valueOf(before) + " " + after;
        if (lower.contains("weight") || definition.contains("Weight=") || definition.contains("Canary=")) {
            return "weight ";
        }
        if (lower.startsWith("edgeway.gateway.shedding") || definition.contains("ShedLoad")) {
            return "shedding ";
        }
        if (lower.startsWith("edgeway.gateway.auth") || lower.matches("(.*\\.)?metadata\\.(access|scopes)")) {
            return "auth ";
        }
        return "";
    }

    private static Map<String, Map<String, String>> parse(Map<String, String> files) {
        Map<String, Map<String, String>> parsed = new TreeMap<>();
        files.forEach((file, content) -> {
            if (file.endsWith(".yml") || file.endsWith(".yaml")) {
                parsed.put(file, RevisionValidator.flatten(file, content));
            }
        });
        return parsed;
    }

    private static Map<String, String> strip(Map<String, String> files, String path) {
        Map<String, String> stripped = new TreeMap<>();
        files.forEach((file, content) -> stripped.put(file.startsWith(path + "/") ? file.substring(path.length() + 1) : file, content));
        return stripped;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String show(String value) {
        return value == null ? "(none)" : value;
    }

    private static String resolve(Repository repository, String revision) throws IOException {
        ObjectId id = repository.resolve(revision + "^{commit}");
        if (id == null) {
            throw new IllegalArgumentException("unknown revision: " + revision);
        }
        return id.getName();
    }

    private static String abbrev(String commit) {
        return commit.substring(0, 7);
    }
}

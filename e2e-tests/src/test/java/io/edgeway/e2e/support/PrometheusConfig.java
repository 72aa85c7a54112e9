package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static io.edgeway.e2e.support.AlertRules.list;
import static io.edgeway.e2e.support.AlertRules.map;

/**
 * The stack's scrape config ({@code observability/prometheus/prometheus.yml}) pointed at a test's stack: the same
 * jobs, paths, users and relabelling, with only the static targets, the Eureka server, the password files, the rule
 * files and the intervals replaced. A job the test does not know fails, so the file and the test stay in step.
 */
public final class PrometheusConfig {

    private PrometheusConfig() {
    }

    /**
     * Writes the config into {@code dir}.
     * @param targets each static job's targets ({@code host:port}), by job name
     * @param eurekaServer the registry's URL for {@code eureka_sd_configs} (as {@code http://host:port/eureka})
     * @param passwords each password file's content, by the file's name in the shipped config
     * @param ruleFiles the rule files to load instead of the shipped ones
     * @param interval scrape and evaluation interval ({@code 1s})
     */
    public static Path write(Path dir, Map<String, List<String>> targets, String eurekaServer,
            Map<String, String> passwords, List<Path> ruleFiles, String interval) {
        try {
            Path secrets = Files.createDirectories(dir.resolve("secrets"));
            for (Map.Entry<String, String> password : passwords.entrySet()) {
                Files.writeString(secrets.resolve(password.getKey()), password.getValue());
            }
            Map<String, Object> config = AlertRules.load(AlertRules.directory().resolve("prometheus.yml"));
            Map<String, Object> global = map(config.get("global"));
            global.put("scrape_interval", interval);
            global.put("evaluation_interval", interval);
            config.put("rule_files", ruleFiles.stream().map(Path::toString).toList());
            for (Object j : list(config.get("scrape_configs"))) {
                Map<String, Object> job = map(j);
                String name = String.valueOf(job.get("job_name"));
                job.remove("scrape_interval");
                replacePasswordFile(job, secrets, passwords, name);
                if (job.containsKey("static_configs")) {
                    List<String> jobTargets = targets.get(name);
                    if (jobTargets == null) {
                        throw new IllegalStateException("prometheus.yml scrapes job " + name
                                + ", which the test does not start: add it to the test");
                    }
                    job.put("static_configs", List.of(Map.of("targets", jobTargets)));
                }
                for (Object sd : list(job.get("eureka_sd_configs"))) {
                    Map<String, Object> eureka = map(sd);
                    eureka.put("server", eurekaServer);
                    eureka.put("refresh_interval", interval);
                    replacePasswordFile(eureka, secrets, passwords, name);
                }
            }
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Path file = dir.resolve("prometheus.yml");
            Files.writeString(file, new Yaml(options).dump(config));
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void replacePasswordFile(Map<String, Object> holder, Path secrets, Map<String, String> passwords,
            String job) {
        Object auth = holder.get("basic_auth");
        if (auth == null) {
            return;
        }
        Map<String, Object> basic = map(auth);
        String name = Path.of(String.valueOf(basic.get("password_file"))).getFileName().toString();
        if (!passwords.containsKey(name)) {
            throw new IllegalStateException("job " + job + " reads password file " + name
                    + ", which the test does not write: add it to the test");
        }
        basic.put("password_file", secrets.resolve(name).toString());
    }

    /** The targets of one static job: the management ports of these processes. */
    public static List<String> managementTargets(ServiceProcess... processes) {
        List<String> targets = new ArrayList<>();
        for (ServiceProcess process : processes) {
            targets.add("127.0.0.1:" + process.managementPort());
        }
        return targets;
    }
}

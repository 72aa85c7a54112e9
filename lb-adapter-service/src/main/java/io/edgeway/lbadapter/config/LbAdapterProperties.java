package io.edgeway.lbadapter.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.lb.rules.DeviceNetworks;
import io.edgeway.lb.rules.Vendor;
import io.edgeway.lb.rules.VipDeclaration;
import io.edgeway.lb.rules.VipRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the load-balancer adapter, under {@value #PREFIX}. Each record refuses invalid values in its
 * constructor, naming the key; devices and mappings are checked here, where their names are known.
 *
 * @param mirroredApplications the Eureka applications listed by {@code /api/instances}
 * @param devices              the load balancers, by name
 * @param mappings             which application's instances go into which pool
 * @param vips                 the VIPs declared in git, created and kept on the devices (checked by {@link VipRules})
 * @param reconcile            how and how often pools are reconciled
 * @param view                 the VIP view: how often every device is read
 * @param leader               which of several replicas writes to the devices
 * @param viewer               the read-only login (the operator is {@code spring.security.user})
 */
@ConfigurationProperties(LbAdapterProperties.PREFIX)
public record LbAdapterProperties(List<String> mirroredApplications, Map<String, Device> devices,
        List<Mapping> mappings, List<VipDeclaration> vips, @DefaultValue Reconcile reconcile, @DefaultValue View view,
        @DefaultValue Leader leader, @DefaultValue Viewer viewer) {

    public static final String PREFIX = "edgeway.lb-adapter";

    public LbAdapterProperties {
        mirroredApplications = mirroredApplications == null ? List.of() : List.copyOf(mirroredApplications);
        devices = devices == null ? Map.of() : Map.copyOf(devices);
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        vips = vips == null ? List.of() : List.copyOf(vips);
        List<String> problems = new ArrayList<>();
        devices.forEach((name, device) -> device.check(PREFIX + ".devices." + name + ".", problems));
        if (leader != null && leader.redis()) {
            // A write confirmed as leader must end before the lock can pass to another replica.
            devices.forEach((name, device) -> require(leader.lockTtl().compareTo(device.worstCall()) > 0,
                    PREFIX + ".leader.lock-ttl", leader.lockTtl() + " must be longer than the longest call to device '"
                            + name + "' with its retries (" + device.worstCall() + ": max-attempts x (connect-timeout"
                            + " + request-timeout) + back-offs), or two replicas could write at once", problems));
        }
        for (int i = 0; i < mappings.size(); i++) {
            Mapping mapping = mappings.get(i);
            String key = PREFIX + ".mappings[" + i + "].";
            mapping.check(key, problems);
            if (mapping.device() != null && !devices.containsKey(mapping.device())) {
                problems.add(key + "device: mapping of '" + mapping.application() + "' names device '"
                        + mapping.device() + "', which is not among " + PREFIX + ".devices " + devices.keySet());
            }
        }
        problems.addAll(VipRules.check(vips, networks(devices)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** What the VIP rules know of each device, by name. */
    public Map<String, DeviceNetworks> deviceNetworks() {
        return networks(devices);
    }

    private static Map<String, DeviceNetworks> networks(Map<String, Device> devices) {
        Map<String, DeviceNetworks> networks = new LinkedHashMap<>();
        devices.forEach((name, device) -> networks.put(name, device.networks()));
        return networks;
    }

    private static void require(boolean ok, String key, String why, List<String> problems) {
        if (!ok) {
            problems.add(key + ": " + why);
        }
    }

    /** The kinds of load balancer a driver exists for. */
    public enum DeviceType {
        F5, NETSCALER
    }

    /**
     * One load balancer.
     *
     * @param type           F5 (iControl REST) or NETSCALER (NITRO)
     * @param url            its management URL, without a path
     * @param username       the API user
     * @param password       its password
     * @param partitions     the partitions whose virtual servers are listed (all that the user sees on F5 when empty;
     *                       {@code default} on NetScaler when empty)
     * @param maxTokens      F5: most auth tokens held at once (the device allows 100 per user)
     * @param maxSessions    NetScaler: most sessions held at once, well below the appliance's 20
     * @param connectTimeout TCP connect timeout
     * @param requestTimeout how long one API call may take
     * @param retry          retries of a failed call
     * @param memberNetworks the CIDRs of the members it reaches: a VIP with {@code device: auto} lands on the device
     *                       whose member networks hold its instances
     * @param vipNetworks    the CIDRs a declared VIP's address on it may come from
     */
    public record Device(DeviceType type, URI url, String username, String password, List<String> partitions,
            @DefaultValue("2") int maxTokens, @DefaultValue("4") int maxSessions,
            @DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration requestTimeout,
            @DefaultValue Retry retry, List<String> memberNetworks, List<String> vipNetworks) {

        public Device {
            partitions = partitions == null ? List.of() : List.copyOf(partitions);
            memberNetworks = memberNetworks == null ? List.of() : List.copyOf(memberNetworks);
            vipNetworks = vipNetworks == null ? List.of() : List.copyOf(vipNetworks);
        }

        /** What the VIP rules know of this device. */
        public DeviceNetworks networks() {
            return new DeviceNetworks(type == null ? null : Vendor.valueOf(type.name()), memberNetworks, vipNetworks,
                    partitions);
        }

        void check(String key, List<String> problems) {
            require(type != null, key + "type", "is required (F5 or NETSCALER)", problems);
            require(url != null, key + "url", "is required", problems);
            require(username != null && !username.isBlank(), key + "username", "is required", problems);
            require(maxTokens >= 1 && maxTokens <= 10, key + "max-tokens", "must be between 1 and 10, not " + maxTokens,
                    problems);
            require(maxSessions >= 1 && maxSessions <= 16, key + "max-sessions",
                    "must be between 1 and 16, not " + maxSessions, problems);
            require(retry.maxAttempts() >= 1, key + "retry.max-attempts",
                    "must be at least 1, not " + retry.maxAttempts(), problems);
        }

        /**
         * The longest one call to this device may take, its retries included: every attempt waits for its connection
         * and its answer as long as the timeouts allow, with the longest back-offs between them. (A login before a
         * call is not counted: tokens and sessions are reused for minutes.)
         */
        public Duration worstCall() {
            return connectTimeout.plus(requestTimeout).multipliedBy(Math.max(1, retry.maxAttempts()))
                    .plus(retry.worstBackoffs());
        }
    }

    /**
     * Retries of a failed device call: 5xx, 503, timeouts, expired sessions.
     *
     * @param maxAttempts    attempts in all
     * @param initialBackoff wait before the second attempt, doubled for each next one
     * @param maxBackoff     the longest wait
     */
    public record Retry(@DefaultValue("4") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("2s") Duration maxBackoff) {

        /** The back-offs of a call that uses every attempt, each at its longest. */
        Duration worstBackoffs() {
            Duration total = Duration.ZERO;
            Duration backoff = initialBackoff;
            for (int i = 1; i < maxAttempts; i++) {
                total = total.plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
                backoff = backoff.multipliedBy(2);
            }
            return total;
        }
    }

    /**
     * Which Eureka application fills which pool (F5) or service group (NetScaler).
     *
     * @param application       the Eureka application name
     * @param device            the device's name under {@code devices}
     * @param partition         the partition ({@code Common}, {@code default}, ...)
     * @param pool              the pool or service group, which must exist on the device
     * @param port              the member port; the instance's own port when unset
     * @param weightMetadataKey the instance metadata key whose value (1 to 100) is the member's ratio or weight
     */
    public record Mapping(String application, String device, String partition, String pool, Integer port,
            @DefaultValue("lb-weight") String weightMetadataKey) {

        void check(String key, List<String> problems) {
            require(application != null && !application.isBlank(), key + "application", "is required", problems);
            require(device != null && !device.isBlank(), key + "device", "is required", problems);
            require(partition != null && !partition.isBlank(), key + "partition", "is required", problems);
            require(pool != null && !pool.isBlank(), key + "pool", "is required", problems);
            require(port == null || (port >= 1 && port <= 65535), key + "port", "must be between 1 and 65535, not " + port,
                    problems);
        }
    }

    /**
     * How and how often pools are reconciled.
     *
     * @param enabled              whether the loop runs at all ({@code /api/plan} works either way)
     * @param dryRun               plan and log, never write to a device
     * @param registryPollInterval how often the local registry copy is checked for changes
     * @param fullInterval         how often every pool is reconciled even without registry changes (drift repair)
     * @param drainCheckInterval   how often pools are reconciled while a member drains
     * @param maxFailureBackoff    the longest wait before a cycle that failed is retried
     * @param drainGracePeriod     longest a leaving member drains before it is deleted
     * @param maxRemovalShare      the share of a pool's enabled members one cycle may start draining
     * @param registryStaleAfter   a Eureka registry not fetched for this long counts as unavailable: nothing is removed
     * @param parallelism          pools reconciled at once
     * @param batchWrites          write a partition's changes in as few calls as possible (F5 transaction, NITRO
     *                             bulk) rather than one call per change
     */
    public record Reconcile(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean dryRun,
            @DefaultValue("1s") Duration registryPollInterval, @DefaultValue("30s") Duration fullInterval,
            @DefaultValue("2s") Duration drainCheckInterval, @DefaultValue("30s") Duration maxFailureBackoff,
            @DefaultValue("30s") Duration drainGracePeriod, @DefaultValue("0.5") double maxRemovalShare,
            @DefaultValue("15s") Duration registryStaleAfter, @DefaultValue("4") int parallelism,
            @DefaultValue("true") boolean batchWrites) {

        public Reconcile {
            List<String> problems = new ArrayList<>();
            String key = PREFIX + ".reconcile.";
            require(maxRemovalShare >= 0.01 && maxRemovalShare <= 1.0, key + "max-removal-share",
                    "must be between 0.01 and 1, not " + maxRemovalShare, problems);
            require(parallelism >= 1 && parallelism <= 32, key + "parallelism",
                    "must be between 1 and 32, not " + parallelism, problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
        }
    }

    /**
     * Leader election among replicas: only the leader writes to the devices.
     *
     * @param redis     elect through a lock in the Redis of {@code spring.data.redis.*}; off: this replica leads alone
     * @param replicaId this replica's name; the host name and process id when unset
     * @param lockKey   the lock the replicas compete for
     * @param lockTtl   how long the lock outlives its holder's last renewal: the failover time after a crash; it must
     *                  be longer than the longest device call with its retries (checked against every device), since
     *                  leadership is confirmed, and the lock renewed, before each call that writes
     * @param heartbeat how often the leader renews the lock and a follower tries to take it
     */
    public record Leader(@DefaultValue("false") boolean redis, String replicaId,
            @DefaultValue("lb-adapter-leader") String lockKey, @DefaultValue("30s") Duration lockTtl,
            @DefaultValue("1s") Duration heartbeat) {

        public Leader {
            if (lockKey.isBlank()) {
                throw new IllegalArgumentException(PREFIX + ".leader.lock-key: must not be blank");
            }
            if (lockTtl.compareTo(heartbeat.multipliedBy(3)) < 0) {
                throw new IllegalArgumentException(PREFIX + ".leader.lock-ttl: " + lockTtl
                        + " must be at least three heartbeats (" + heartbeat + "): a late renewal must not lose it");
            }
        }
    }

    /**
     * The VIP view ({@code /} and {@code GET /api/virtual-servers}).
     *
     * @param pollInterval how often every device (all its configured partitions) is read; the adapter's own writes
     *                     re-read the device at once
     */
    public record View(@DefaultValue("30s") Duration pollInterval) {

        public View {
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException(PREFIX + ".view.poll-interval: must be positive, not " + pollInterval);
            }
        }
    }

    /**
     * The read-only login: the VIP view, the plan, the instances, the audit log and the leader, never a write. The
     * operator ({@code spring.security.user}) may do everything the viewer may, and every write.
     *
     * @param name     its user name
     * @param password its password; no viewer login when blank
     */
    public record Viewer(@DefaultValue("viewer") String name, String password) {

        public Viewer {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(PREFIX + ".viewer.name: must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Viewer[name=" + name + "]";
        }
    }
}

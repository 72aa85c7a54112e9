package io.edgeway.lbadapter.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the load-balancer adapter, under {@value #PREFIX}.
 *
 * @param mirroredApplications the Eureka applications listed by {@code /api/instances}
 * @param devices              the load balancers, by name
 * @param mappings             which application's instances go into which pool
 * @param reconcile            how and how often pools are reconciled
 * @param view                 the VIP view: how often every device is read
 * @param leader               which of several replicas writes to the devices
 */
@Validated
@ConfigurationProperties(LbAdapterProperties.PREFIX)
public record LbAdapterProperties(List<String> mirroredApplications, Map<String, @Valid Device> devices,
        List<@Valid Mapping> mappings, @DefaultValue @Valid Reconcile reconcile, @DefaultValue @Valid View view,
        @DefaultValue @Valid Leader leader) {

    public static final String PREFIX = "lb-adapter";

    public LbAdapterProperties {
        mirroredApplications = mirroredApplications == null ? List.of() : List.copyOf(mirroredApplications);
        devices = devices == null ? Map.of() : Map.copyOf(devices);
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        for (Mapping mapping : mappings) {
            if (mapping != null && mapping.device() != null && !devices.containsKey(mapping.device())) {
                throw new IllegalArgumentException("mapping of '" + mapping.application() + "' names device '"
                        + mapping.device() + "', which is not among " + PREFIX + ".devices " + devices.keySet());
            }
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
     */
    public record Device(@NotNull DeviceType type, @NotNull URI url, @NotBlank String username, String password,
            List<String> partitions, @DefaultValue("2") @Min(1) @Max(10) int maxTokens,
            @DefaultValue("4") @Min(1) @Max(16) int maxSessions, @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration requestTimeout, @DefaultValue @Valid Retry retry) {

        public Device {
            partitions = partitions == null ? List.of() : List.copyOf(partitions);
        }
    }

    /**
     * Retries of a failed device call: 5xx, 503, timeouts, expired sessions.
     *
     * @param maxAttempts    attempts in all
     * @param initialBackoff wait before the second attempt, doubled for each next one
     * @param maxBackoff     the longest wait
     */
    public record Retry(@DefaultValue("4") @Min(1) int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("2s") Duration maxBackoff) {
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
    public record Mapping(@NotBlank String application, @NotBlank String device, @NotBlank String partition,
            @NotBlank String pool, @Min(1) @Max(65535) Integer port,
            @DefaultValue("lb-weight") String weightMetadataKey) {
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
            @DefaultValue("30s") Duration drainGracePeriod,
            @DefaultValue("0.5") @DecimalMin("0.01") @DecimalMax("1.0") double maxRemovalShare,
            @DefaultValue("15s") Duration registryStaleAfter, @DefaultValue("4") @Min(1) @Max(32) int parallelism,
            @DefaultValue("true") boolean batchWrites) {
    }

    /**
     * Leader election among replicas: only the leader writes to the devices.
     *
     * @param redis     elect through a lock in the Redis of {@code spring.data.redis.*}; off: this replica leads alone
     * @param replicaId this replica's name; the host name and process id when unset
     * @param lockKey   the lock the replicas compete for
     * @param lockTtl   how long the lock outlives its holder's last renewal: the failover time after a crash, and
     *                  the longest one batch of writes may take
     * @param heartbeat how often the leader renews the lock and a follower tries to take it
     */
    public record Leader(@DefaultValue("false") boolean redis, String replicaId,
            @DefaultValue("lb-adapter-leader") @NotBlank String lockKey, @DefaultValue("10s") Duration lockTtl,
            @DefaultValue("1s") Duration heartbeat) {

        public Leader {
            if (lockTtl.compareTo(heartbeat.multipliedBy(3)) < 0) {
                throw new IllegalArgumentException(PREFIX + ".leader.lock-ttl (" + lockTtl
                        + ") must be at least three heartbeats (" + heartbeat + "): a late renewal must not lose it");
            }
        }
    }

    /**
     * The VIP view ({@code /} and {@code GET /api/virtual-servers}).
     *
     * @param pollInterval how often every device (all its configured partitions) is read; the adapter's own writes
     *                     re-read the device at once
     */
    public record View(@DefaultValue("30s") @NotNull Duration pollInterval) {
    }
}

package io.edgeway.lbadapter.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The audit log in the database ({@code audit_entry}): append, and read newest first. */
@Repository
public class AuditLog {

    private static final String COLUMNS = "id, occurred_at, actor, device, partition_name, pool_name, member_address, "
            + "action, reason, outcome, error_message, completed_at, vip_name, config_commit";

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends the entry; returns its id, by which a pending entry is completed. */
    public long record(AuditEntry entry) {
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO audit_entry (occurred_at, actor, device, partition_name, pool_name, member_address, "
                + "action, reason, outcome, error_message, completed_at, vip_name, config_commit) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(entry.at().atOffset(ZoneOffset.UTC), truncate(entry.actor(), 100),
                        truncate(entry.device(), 100), truncate(entry.partition(), 100), truncate(entry.pool(), 255),
                        truncate(entry.member(), 100), entry.action(), truncate(entry.reason(), 1000),
                        entry.outcome(), truncate(entry.error(), 2000),
                        entry.completedAt() == null ? null : entry.completedAt().atOffset(ZoneOffset.UTC),
                        truncate(entry.vip(), 255), truncate(entry.commit(), 64))
                .update(id, "id");
        return id.getKey().longValue();
    }

    /** Records the outcome of a {@value AuditEntry#PENDING} entry. */
    public void complete(long id, String outcome, String error, Instant at) {
        jdbc.sql("UPDATE audit_entry SET outcome = ?, error_message = ?, completed_at = ? WHERE id = ?")
                .params(outcome, truncate(error, 2000), at.atOffset(ZoneOffset.UTC), id).update();
    }

    /** At most {@code limit} entries, newest first, all older than {@code beforeId} when it is given. */
    public List<AuditEntry> newest(int limit, Long beforeId) {
        return newest(limit, beforeId, null);
    }

    /** As {@link #newest(int, Long)}, only the writes of the declared VIP of this name when it is given. */
    public List<AuditEntry> newest(int limit, Long beforeId, String vip) {
        List<String> conditions = new java.util.ArrayList<>();
        if (beforeId != null) {
            conditions.add("id < :before");
        }
        if (vip != null) {
            conditions.add("vip_name = :vip");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        JdbcClient.StatementSpec query = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry" + where
                + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY").param("limit", limit);
        if (beforeId != null) {
            query = query.param("before", beforeId);
        }
        if (vip != null) {
            query = query.param("vip", vip);
        }
        return query.query(AuditLog::entry).list();
    }

    private static AuditEntry entry(ResultSet row, int rowNum) throws SQLException {
        return new AuditEntry(row.getLong("id"), row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                row.getString("actor"), row.getString("device"), row.getString("partition_name"),
                row.getString("pool_name"), row.getString("member_address"), row.getString("action"),
                row.getString("reason"), row.getString("outcome"), row.getString("error_message"),
                instant(row.getObject("completed_at", OffsetDateTime.class)), row.getString("vip_name"),
                row.getString("config_commit"));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}

package io.edgeway.lbadapter.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit log in the database ({@code audit_entry}): append, and read newest first. */
@Repository
public class AuditLog {

    private static final String COLUMNS = "id, occurred_at, actor, device, partition_name, pool_name, member_address, "
            + "action, reason, outcome, error_message";

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(AuditEntry entry) {
        jdbc.sql("INSERT INTO audit_entry (occurred_at, actor, device, partition_name, pool_name, member_address, "
                + "action, reason, outcome, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(entry.at().atOffset(ZoneOffset.UTC), entry.actor(), entry.device(), entry.partition(),
                        entry.pool(), entry.member(), entry.action(), truncate(entry.reason(), 1000),
                        entry.outcome(), truncate(entry.error(), 2000))
                .update();
    }

    /** At most {@code limit} entries, newest first, all older than {@code beforeId} when it is given. */
    public List<AuditEntry> newest(int limit, Long beforeId) {
        String where = beforeId == null ? "" : " WHERE id < :before";
        JdbcClient.StatementSpec query = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry" + where
                + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY").param("limit", limit);
        if (beforeId != null) {
            query = query.param("before", beforeId);
        }
        return query.query(AuditLog::entry).list();
    }

    private static AuditEntry entry(ResultSet row, int rowNum) throws SQLException {
        return new AuditEntry(row.getLong("id"), row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                row.getString("actor"), row.getString("device"), row.getString("partition_name"),
                row.getString("pool_name"), row.getString("member_address"), row.getString("action"),
                row.getString("reason"), row.getString("outcome"), row.getString("error_message"));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}

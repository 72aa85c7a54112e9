package io.edgeway.backend.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Where this instance keeps HTTP sessions, as the profiles chose it: Spring Session over Redis
 * ({@code redis-session}), over JDBC ({@code db-session}), or, with neither, the web server's memory, which other
 * instances cannot see.
 */
@Component
class SessionStore {

    static final String REDIS_PROFILE = "redis-session";

    static final String JDBC_PROFILE = "db-session";

    private final String name;

    SessionStore(ObjectProvider<SessionRepository<?>> repository, Environment environment) {
        if (environment.matchesProfiles(REDIS_PROFILE + " & " + JDBC_PROFILE)) {
            // Each profile's file excludes the other store's client; with both, which one wins is an accident.
            throw new IllegalStateException("Profiles " + REDIS_PROFILE + " and " + JDBC_PROFILE
                    + " both active: choose one session store");
        }
        this.name = nameOf(repository.getIfAvailable());
    }

    /** {@code memory}, {@code redis}, {@code jdbc}, or the repository's class for any other Spring Session store. */
    String name() {
        return name;
    }

    static String nameOf(SessionRepository<?> repository) {
        if (repository == null) {
            return "memory";
        }
        if (repository instanceof RedisSessionRepository) {
            return "redis";
        }
        if (repository instanceof JdbcIndexedSessionRepository) {
            return "jdbc";
        }
        return repository.getClass().getSimpleName();
    }
}

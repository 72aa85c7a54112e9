package io.edgeway.emulators.support;

import java.util.Map;

/** The check both devices make of a user's password, at login and on every call that carries credentials. */
public final class Credentials {

    private Credentials() {
    }

    /** Whether both are given and {@code password} is {@code user}'s among the device's local {@code users}. */
    public static boolean valid(Map<String, String> users, String user, String password) {
        return user != null && password != null && password.equals(users.get(user));
    }
}

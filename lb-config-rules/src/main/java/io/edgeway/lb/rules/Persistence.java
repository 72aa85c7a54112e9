package io.edgeway.lb.rules;

/** How a VIP keeps a client on one member. */
public enum Persistence {
    NONE, SOURCE_IP, COOKIE
}

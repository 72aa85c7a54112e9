package io.edgeway.lb.rules;

/** The kinds of load balancer a VIP can be declared on. */
public enum Vendor {
    F5, NETSCALER
}

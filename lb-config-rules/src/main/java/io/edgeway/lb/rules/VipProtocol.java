package io.edgeway.lb.rules;

/**
 * What a VIP carries. {@code HTTPS} is TLS passthrough on both vendors: the adapter holds no certificates, so the
 * device never sees the HTTP inside.
 */
public enum VipProtocol {
    TCP, HTTP, HTTPS
}

package io.edgeway.lb.rules;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The VIP part of the adapter's settings under {@value #PREFIX}, bound on its own: what the config server reads from
 * a commit to judge it with {@link VipRules}.
 *
 * @param vips    the declared VIPs
 * @param devices the devices' networks, by name
 */
public record VipSettings(List<VipDeclaration> vips, Map<String, DeviceNetworks> devices) {

    public static final String PREFIX = "edgeway.lb-adapter";

    public VipSettings {
        vips = vips == null ? List.of() : List.copyOf(vips);
        devices = devices == null ? Map.of() : Map.copyOf(devices);
    }

    /** The VIP settings the binder holds; none when it has no {@value #PREFIX} keys. */
    public static VipSettings bind(Binder binder) {
        return binder.bind(PREFIX, Bindable.of(VipSettings.class)).orElse(new VipSettings(null, null));
    }

    /** Problems of these settings; empty when they may be applied. */
    public List<String> check() {
        return VipRules.check(vips, devices);
    }
}

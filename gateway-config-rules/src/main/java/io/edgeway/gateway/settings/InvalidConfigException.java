package io.edgeway.gateway.settings;

import java.util.List;

/** Settings or route arguments that may not be applied; each problem names its key and says why. */
public class InvalidConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each {@code key: why}. */
    public List<String> problems() {
        return problems;
    }
}

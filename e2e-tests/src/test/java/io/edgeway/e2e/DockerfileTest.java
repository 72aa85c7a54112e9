package io.edgeway.e2e;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfile copies every module's pom before the sources: a module it misses breaks every image build. */
class DockerfileTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void copiesThePomOfEveryModule() throws Exception {
        List<String> modules = MODULE.matcher(Files.readString(Stack.root().resolve("pom.xml"))).results()
                .map(match -> match.group(1)).toList();
        String dockerfile = Files.readString(Stack.root().resolve("Dockerfile"));

        assertThat(modules).isNotEmpty().allSatisfy(module -> assertThat(dockerfile)
                .as("Dockerfile copies %s/pom.xml", module).contains("COPY " + module + "/pom.xml " + module + "/"));
    }
}

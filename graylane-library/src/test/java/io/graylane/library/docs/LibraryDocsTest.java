package io.graylane.library.docs;

import io.graylane.config.ConfigLoader;
import io.graylane.config.Format;
import io.graylane.core.config.GraylaneConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every YAML example in the library pages is a valid configuration, and every page exists. */
class LibraryDocsTest {

    /** Surefire runs in the module directory; docs/ is beside it. */
    static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @ParameterizedTest
    @ValueSource(strings = {"library.md", "library-servlet.md", "library-propagation.md",
            "library-http-clients.md", "library-discovery.md"})
    void everyYamlExampleOfThePageIsAValidConfiguration(String page) throws IOException {
        String text = Files.readString(DOCS.resolve(page));
        List<GraylaneConfig> parsed = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(text);
        while (m.find()) {
            parsed.add(new ConfigLoader(Map.<String, String>of()::get).parse(m.group(1), Format.YAML, page));
        }
        assertThat(text).contains("# Library mode");
        if (page.equals("library-discovery.md")) {
            assertThat(parsed).singleElement().satisfies(c -> assertThat(c.consulDiscovery()).isNotNull());
        }
    }
}

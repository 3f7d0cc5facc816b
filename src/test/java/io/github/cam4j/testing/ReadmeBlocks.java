package io.github.cam4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles a Java block copied out of README.md, inside a class of its own, as a user's program would hold it. */
public final class ReadmeBlocks {
    private ReadmeBlocks() {}

    /**
     * A java block of README.md.
     *
     * @param text its lines, without the fences
     * @param firstLine README's line of its first line, for the compiler's messages
     */
    public record Block(String text, long firstLine) {}

    /**
     * @param marker the text that opens the block's section or paragraph, from its line's start (after a line end)
     * @return the first java block after it, failing the test when README.md lacks the marker or a java block follows
     *     it only past the next heading
     */
    public static Block firstJavaBlockAfter(String marker) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n" + marker);
        assertTrue(section >= 0, "README.md has no \"" + marker.strip() + "\"");
        int open = readme.indexOf("```java\n", section);
        int close = readme.indexOf("\n```", open + 1);
        assertTrue(open >= 0 && close > open && readme.lastIndexOf("\n### ", open) <= section,
                "\"" + marker.strip() + "\" is followed by a java block before the next heading");
        return new Block(readme.substring(open + "```java\n".length(), close),
                readme.substring(0, open).chars().filter(c -> c == '\n').count() + 2);
    }

    /**
     * Compiles the source against the tests' class path (cam4j and its dependencies) and fails the test with the
     * compiler's messages, each at the README line it points to.
     *
     * @param className the class the source declares
     * @param source the block inside its class
     * @param classes the folder the class files go to
     * @param firstLine README's line of the block's first line
     * @param linesBefore the source's lines before the block's first (its imports and class header)
     */
    public static void assertCompiles(String className, String source, Path classes, long firstLine, int linesBefore)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "a JDK's compiler");
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(java.net.URI.create("string:///" + className + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = List.of("-proc:none", "-Xlint:none", "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString());
        boolean compiled;
        try (StandardJavaFileManager files = javac.getStandardFileManager(problems, null, null)) {
            compiled = javac.getTask(null, files, problems, options, null, List.of(file)).call();
        }
        assertTrue(compiled, () -> problems.getDiagnostics().stream()
                .map(d -> "README.md line " + (firstLine + d.getLineNumber() - 1 - linesBefore) + ": "
                        + d.getMessage(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.joining("\n")));
    }
}

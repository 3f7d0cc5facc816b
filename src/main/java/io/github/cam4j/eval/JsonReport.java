package io.github.cam4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Writes {@code report.json}: the {@link EvaluationReport} as indented JSON, field names as the records name them. */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    static void write(EvaluationReport report, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), report);
    }

    static String toJson(EvaluationReport report) throws IOException {
        return MAPPER.writeValueAsString(report);
    }
}

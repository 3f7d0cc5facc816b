package io.github.cam4j.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code report.json}: the {@link EvaluationReport} as indented JSON, field names as the records name them. A
 * figure that was not measured (NaN: a mean over no canvas) is written as {@code null}: Jackson wrote it as the string
 * {@code "NaN"} in a number's place, which a reader typed by the schema rejects, and JSON has no NaN.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("non-finite-as-null").addSerializer(Double.class, new NonFinite())
                    .addSerializer(Double.TYPE, new NonFinite()));

    private JsonReport() {}

    static void write(EvaluationReport report, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), report);
    }

    static String toJson(EvaluationReport report) throws IOException {
        return MAPPER.writeValueAsString(report);
    }

    /** Writes a double as usual, or null when it is NaN or infinite. */
    private static final class NonFinite extends StdSerializer<Double> {
        NonFinite() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }
}

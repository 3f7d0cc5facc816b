package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.testing.SharedData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * CamSession explanations against plain {@code serving_default} inference of the same model, in the same session,
 * on the same batch of MNIST test digits, in one JMH run (the machine is shared: compare the ratio, not the
 * absolute numbers). One operation is one batch: images per second = score × batch.
 *
 * <p>Run (README, "Benchmarks"): {@code java -cp ... org.openjdk.jmh.Main CamThroughput}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class CamThroughputBenchmark {
    @Param({"mnist-pooled", "mnist-unpooled"})
    public String model;

    @Param({"256", "1"})
    public int batch;

    private CamSession cam;
    private float[] pixels;

    @Setup(Level.Trial)
    public void open() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        pixels = new float[batch * 784];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 784, 784);
        }
        cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model)).build();
    }

    @TearDown(Level.Trial)
    public void close() {
        cam.close();
    }

    /** The floor: one run fetching the probabilities, copied out to Java as a caller would. */
    @Benchmark
    public float[] plainInference() {
        try (TFloat32 x = TensorData.floats(Shape.of(batch, 28, 28, 1), pixels);
                Result r = cam.model().session().runner().feed(cam.model().tensors().input(), x)
                        .fetch(cam.model().tensors().probabilities()).run()) {
            return TensorData.toArray(r.get(0));
        }
    }

    /** One run fetching features, logits and probabilities, then the maps of the predicted classes at 28x28. */
    @Benchmark
    public List<ImageExplanation> camExplanation() throws Exception {
        return cam.explainPixels(pixels, batch, 28, 28, Target.predicted());
    }
}

import org.tensorflow.*;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.proto.*;
/** Throwaway benchmark behind docs/known-limitations.md (LeakyReLU and the remapper): the Keras mnist-conv-head-gap loaded twice, remapper on and off, outputs compared, 20 alternating laps of 20 batches of 256. */
public class RemapperBench {
  static SavedModelBundle load(boolean remap) {
    ConfigProto.Builder c = ConfigProto.newBuilder().setUsePerSessionThreads(true);
    if (!remap) c.getGraphOptionsBuilder().getRewriteOptionsBuilder().setRemapping(RewriterConfig.Toggle.OFF);
    return SavedModelBundle.loader("../shared/data/keras-savedmodels/mnist-conv-head-gap").withTags("serve").withConfigProto(c.build()).load();
  }
  public static void main(String[] a) {
    try (SavedModelBundle on = load(true); SavedModelBundle off = load(false)) {
      var sig = on.function("serving_default").signature();
      String in = sig.getInputs().values().iterator().next().name, out = sig.getOutputs().values().iterator().next().name;
      java.util.Random r = new java.util.Random(1);
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(256, 28, 28, 1), d -> d.scalars().forEach(s -> s.setFloat(r.nextFloat() * 255)))) {
        float maxDiff = 0;
        try (Result ra = on.session().runner().feed(in, x).fetch(out).run(); Result rb = off.session().runner().feed(in, x).fetch(out).run()) {
          TFloat32 A = (TFloat32) ra.get(0), B = (TFloat32) rb.get(0);
          for (int i = 0; i < 256; i++) for (int j = 0; j < 10; j++) maxDiff = Math.max(maxDiff, Math.abs(A.getFloat(i, j) - B.getFloat(i, j)));
        }
        System.out.println("max |on-off| output diff " + maxDiff);
        for (int round = 0; round < 20; round++) {
          for (SavedModelBundle b : new SavedModelBundle[] {on, off}) {
            long t = System.nanoTime();
            for (int k = 0; k < 20; k++) try (Result res = b.session().runner().feed(in, x).fetch(out).run()) {}
            System.out.printf("%s %.1f ms/batch%n", b == on ? "remap on " : "remap off", (System.nanoTime() - t) / 20e6);
          }
        }
      }
    }
  }
}

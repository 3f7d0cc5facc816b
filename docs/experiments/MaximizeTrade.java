import io.github.cam4j.cam.*;
import io.github.cam4j.savedmodel.*;
import java.nio.file.Path;
import java.util.*;
/**
 * Throwaway behind docs/known-limitations.md (maximize, a logit that ends below the noise's): class CLASS of mnist-pooled
 * drawn with the ten (seed 0, --jitter 0 --rotate 0, as docs/maximize.png), the terms of the loss maximize descends on
 * the seed noise and on the clipped result, and the logit at some steps (unclipped, as each step differentiated it).
 * Arguments: CLASS TV_WEIGHT NORM_WEIGHT STEPS [LEARNING_RATE]. From the project folder:
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt; java -cp "target/classes:$(cat cp.txt)" docs/experiments/MaximizeTrade.java 2 1 0.3 200
 */
public class MaximizeTrade {
  static double tv(float[] x, int h, int w) { double t = 0; for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) { int p = i * w + j;
      if (i + 1 < h) t += Math.abs((double) x[p + w] - x[p]); if (j + 1 < w) t += Math.abs((double) x[p + 1] - x[p]); } return t / (h * w); }
  static double norm(float[] x) { double s = 0; for (float v : x) s += Math.abs(v); return s / x.length; }
  public static void main(String[] a) throws Exception {
    int cls = Integer.parseInt(a[0]); float tvW = Float.parseFloat(a[1]), nW = Float.parseFloat(a[2]); int steps = Integer.parseInt(a[3]);
    float lr = a.length > 4 ? Float.parseFloat(a[4]) : 1f;
    try (CamModel m = CamModelLoader.load(Path.of("saved_models/mnist-pooled"), LoadOptions.defaults())) {
      float[] all = new float[7840]; Random r = new Random(0); for (int i = 0; i < 7840; i++) all[i] = 255f * r.nextFloat(); float[] seed = Arrays.copyOfRange(all, 784 * cls, 784 * cls + 784);
      MaximizedPicture p = ActivationMaximizer.builder().setModel(m).setClasses(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).optSteps(steps).optJitter(0).optRotation(0)
          .optTvWeight(tvW).optNormWeight(nW).optLearningRate(lr).build().maximize().get(cls);
      System.out.printf(Locale.ROOT, "seed : logit %.3f  TV %.2f (x%.2f = %.2f)  Norm %.2f (x%.2f = %.2f)  loss %.2f%n", p.seedScore(), tv(seed,28,28), tvW, tvW*tv(seed,28,28), norm(seed), nW, nW*norm(seed), -p.seedScore()+tvW*tv(seed,28,28)+nW*norm(seed));
      System.out.printf(Locale.ROOT, "final: logit %.3f  TV %.2f (x%.2f = %.2f)  Norm %.2f (x%.2f = %.2f)  loss %.2f%n", p.score(), tv(p.pixels(),28,28), tvW, tvW*tv(p.pixels(),28,28), norm(p.pixels()), nW, nW*norm(p.pixels()), -p.score()+tvW*tv(p.pixels(),28,28)+nW*norm(p.pixels()));
      float[] s = p.scores(); int argmin = 0; for (int i = 0; i < s.length; i++) if (s[i] < s[argmin]) argmin = i;
      StringBuilder b = new StringBuilder("logit by step:");
      for (int i : new int[] {0, 1, 2, 5, 10, 20, 50, 100, 150, 199, 300, 500, 999}) if (i < s.length) b.append(String.format(Locale.ROOT, " %d:%.2f", i, s[i]));
      System.out.println(b + String.format(Locale.ROOT, "; lowest %.2f at step %d", s[argmin], argmin));
    }
  }
}

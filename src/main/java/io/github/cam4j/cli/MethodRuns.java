package io.github.cam4j.cli;

import io.github.cam4j.cam.Occlusion;
import io.github.cam4j.cam.PixelMethod;
import io.github.cam4j.cam.ScoreCamVariant;
import io.github.cam4j.cam.SmoothGradNoise;
import java.util.List;

/**
 * What one picture costs a method, in model runs of one picture, as README's method table counts them ("runs per
 * picture"): CAM and the gradient methods 1, Score-CAM 1 + channels, SS-CAM 1 + 35 x channels, occlusion 1 + tiles.
 * compare's progress bar counts these, not pictures: counted by the picture, a bar over CAM, Grad-CAM, Eigen-CAM,
 * SS-CAM and occlusion on 64 digits read 1 s left as SS-CAM began, which then took 72 s.
 *
 * <p>A count, not a clock: a run of a batch of masked copies costs less a picture than a gradient's run, so the time
 * left drifts by a few times from method to method, where by the picture it was off by a thousand.
 */
final class MethodRuns {
    /** The variants aug smoothing explains each picture in: as fed and five more ({@code AugSmoothing}). */
    static final int AUG_VARIANTS = 6;

    private MethodRuns() {}

    /**
     * @param method the method's name as given ({@link MethodNames})
     * @param settings the methods' settings (samples, steps, channels scored, occlusion's patch)
     * @param channels the features' channels at each target layer: one entry without {@code --layers}
     * @param fedHeight the rows the model is fed the picture at
     * @param fedWidth its columns
     * @param augSmooth whether each map is the mean of {@value #AUG_VARIANTS} variants' maps
     * @return the model runs of one picture the method makes for one picture, at least 1
     */
    static long perPicture(String method, MethodOptions settings, List<Integer> channels, int fedHeight, int fedWidth,
            boolean augSmooth) {
        return (augSmooth ? AUG_VARIANTS : 1) * plain(method, settings, channels, fedHeight, fedWidth);
    }

    private static long plain(String method, MethodOptions settings, List<Integer> channels, int fedHeight,
            int fedWidth) {
        if (MethodNames.isOcclusion(method)) {
            int patch = or(settings.occlusionPatch, Occlusion.DEFAULT_PATCH);
            // The picture's own run, then a run per tile: the last row and column of tiles cut at the input's edge.
            return 1 + (long) tiles(fedHeight, patch) * tiles(fedWidth, patch);
        }
        String pixel = MethodNames.pixelName(method);
        if (pixel != null) {
            return switch (pixel) {
                case "smoothgrad" -> or(settings.smoothgradSamples, PixelMethod.DEFAULT_SAMPLES);
                case "integratedgradients" -> or(settings.igSteps, PixelMethod.DEFAULT_STEPS);
                default -> 1;
            };
        }
        if (MethodNames.isRefineCam(method)) {
            // The base's runs: 1 for a gradient base, every layer's gradient in one run.
            return plain(settings.refineBase(), settings, channels, fedHeight, fedWidth);
        }
        if (MethodNames.isSmoothGradCamPlusPlus(method)) {
            return 1 + or(settings.sgSamples, SmoothGradNoise.DEFAULT_SAMPLES);
        }
        // The methods that mask or zero the features run the model once per channel at each target layer.
        int perChannel;
        if (MethodNames.isSsCam(method)) {
            perChannel = or(settings.ssSamples, ScoreCamVariant.DEFAULT_SS_SAMPLES);
        } else if (MethodNames.isIsCam(method)) {
            perChannel = or(settings.isSteps, ScoreCamVariant.DEFAULT_IS_STEPS);
        } else if (MethodNames.isScoreCam(method) || MethodNames.isAblationCam(method)) {
            perChannel = 1;
        } else {
            return 1;
        }
        long runs = 1;
        for (int k : channels) {
            // Faster Score-CAM scores at most N channels of each picture.
            int scored = MethodNames.isScoreCam(method) && settings.scoreCamChannels != null
                    ? Math.min(k, settings.scoreCamChannels) : k;
            runs += (long) perChannel * scored;
        }
        return runs;
    }

    private static int tiles(int side, int patch) {
        return (Math.max(1, side) + patch - 1) / patch;
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}

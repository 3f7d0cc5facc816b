package io.github.cam4j.video;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * JavaCV's grabber's private parts that {@link FrameProcessing}'s processing of a decoded frame needs (JavaCV 1.5.12's
 * names), or null when they cannot be reached (another JavaCV, a module that forbids it): then JavaCV processes every
 * frame itself, as before.
 */
record JavaCvInternals(Field picture, Field videoContext, Method processImage, Method processSamples) {
    static final JavaCvInternals INSTANCE = find();

    private static JavaCvInternals find() {
        try {
            Class<FFmpegFrameGrabber> c = FFmpegFrameGrabber.class;
            JavaCvInternals jc = new JavaCvInternals(c.getDeclaredField("picture"), c.getDeclaredField("video_c"),
                    c.getDeclaredMethod("processImage"), c.getDeclaredMethod("processSamples"));
            if (jc.picture.getType() != AVFrame.class || jc.videoContext.getType() != AVCodecContext.class) {
                return null;
            }
            jc.picture.setAccessible(true);
            jc.videoContext.setAccessible(true);
            jc.processImage.setAccessible(true);
            jc.processSamples.setAccessible(true);
            return jc;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    AVFrame picture(FFmpegFrameGrabber g) {
        try {
            return (AVFrame) picture.get(g);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    AVCodecContext videoContext(FFmpegFrameGrabber g) {
        try {
            return (AVCodecContext) videoContext.get(g);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    void processImage(FFmpegFrameGrabber g) throws FrameGrabber.Exception {
        call(processImage, g);
    }

    void processSamples(FFmpegFrameGrabber g) throws FrameGrabber.Exception {
        call(processSamples, g);
    }

    private static void call(Method m, FFmpegFrameGrabber g) throws FrameGrabber.Exception {
        // JavaCV runs these inside grabFrame's pointer scope, which frees their temporary pointers at once.
        try (PointerScope scope = new PointerScope()) {
            m.invoke(g);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof FrameGrabber.Exception fe) {
                throw fe;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                // An OutOfMemoryError stays one, not an IllegalStateException's cause (helper-69).
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

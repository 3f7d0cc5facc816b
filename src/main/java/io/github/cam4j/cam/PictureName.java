package io.github.cam4j.cam;

/**
 * A picture as messages name it: by its file's name when it has one, else by its place in the call, which
 * {@link CamSession} names {@code "#0"}, {@code "#1"}... and a message says as "picture #0" (a lone "#0" read
 * "SmoothGrad's noise 1.0 of #0's value range").
 */
final class PictureName {
    private PictureName() {}

    /**
     * @param name the picture's name in the call: a file's name, or {@code "#" + place}
     * @return the name as a message says it: a file's name as it is, a place as {@code "picture #0"}
     */
    static String inWords(String name) {
        return name.startsWith("#") ? "picture " + name : name;
    }
}

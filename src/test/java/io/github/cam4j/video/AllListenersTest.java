package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VideoListener#all}: each listener hears every call, in the order the listeners were given. */
class AllListenersTest {
    /** Writes down what it hears, named. */
    private record Recorder(String name, List<String> heard) implements VideoListener {
        @Override
        public void written(long frames) {
            heard.add(name + " written " + frames);
        }

        @Override
        public void frameCountRevised(long frames) {
            heard.add(name + " revised " + frames);
        }

        @Override
        public void noticed(String message) {
            heard.add(name + " noticed " + message);
        }

        @Override
        public void noticed(String message, String commandLineMessage) {
            heard.add(name + " noticed " + commandLineMessage + " (" + message + ")");
        }
    }

    @Test
    void eachHearsEveryCallInTheOrderGiven() {
        List<String> heard = new ArrayList<>();
        VideoListener both = VideoListener.all(new Recorder("a", heard), new Recorder("b", heard));
        both.written(3);
        both.frameCountRevised(60);
        both.noticed("plain");
        // The two-wording notice reaches each listener's own choice of wording, not the one-wording default.
        both.noticed("optAudioTrack(2)", "--audio-track 2");
        assertEquals(List.of("a written 3", "b written 3", "a revised 60", "b revised 60", "a noticed plain",
                "b noticed plain", "a noticed --audio-track 2 (optAudioTrack(2))",
                "b noticed --audio-track 2 (optAudioTrack(2))"), heard);
    }

    @Test
    void aMissingListenerIsRefusedAtOnce() {
        assertThrows(NullPointerException.class, () -> VideoListener.all(VideoListener.NONE, null));
    }
}

package io.github.cam4j.video;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a URL input's server can be reached at all, asked before a model loads: an unreachable URL was found only
 * once the model had loaded (seconds). Only a TCP connection is made, and closed with nothing sent, so the stream itself
 * is not requested and is still read once, by the run ({@link VideoInput#canReopen()}).
 *
 * <p>Only what is certain fails: an unknown host, a refused connection, no route. A slow answer, a scheme whose port
 * is not known (udp, srt...) or a proxy in the environment (FFmpeg connects to it instead) is left to FFmpeg.
 */
final class UrlReach {
    /** Long enough for a far server; a slower one is left to FFmpeg's own open rather than refused. */
    private static final int CONNECT_MS = 3000;

    /** The TCP ports FFmpeg connects to for a scheme when the URL names none. */
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "rtsp", 554,
            "rtsps", 322, "rtmp", 1935, "rtmps", 443, "ftp", 21);

    private UrlReach() {}

    /**
     * @param url the URL as given
     * @throws VideoException when its host is not known, or refuses or cannot be routed to on the URL's port
     */
    static void check(String url) throws VideoException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return; // FFmpeg reads more than java.net.URI parses: its open says what is wrong
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(scheme, -1);
        if (host == null || port < 0 || !(DEFAULT_PORTS.containsKey(scheme) || scheme.equals("tcp")) || proxied(scheme)) {
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_MS);
        } catch (UnknownHostException e) {
            throw new VideoException("cannot read video " + url + ": host " + host + " is not known", e);
        } catch (ConnectException | NoRouteToHostException e) {
            String why = e.getMessage() == null ? "" : " (" + e.getMessage().replaceFirst(" \\(.*", "") + ")";
            throw new VideoException("cannot read video " + url + ": cannot connect to " + host + ":" + port + why, e);
        } catch (SocketTimeoutException e) {
            // Slow, not refused: FFmpeg's open waits as long as it does.
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            // Not certain: FFmpeg's open says what is wrong, if anything.
        }
    }

    /** @return whether FFmpeg would connect through a proxy set in the environment for this scheme */
    private static boolean proxied(String scheme) {
        if (!scheme.startsWith("http")) {
            return false;
        }
        for (String name : new String[] {"http_proxy", "HTTP_PROXY"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }
}

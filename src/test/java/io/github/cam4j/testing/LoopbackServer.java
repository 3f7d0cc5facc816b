package io.github.cam4j.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for tests of downloads (a slow or stalling MNIST mirror): bound to the loopback address on a free
 * port, each exchange on a daemon thread of its own, so that a handler that sleeps or waits serves two clients at once
 * and never keeps the test JVM alive.
 */
public final class LoopbackServer {
    private LoopbackServer() {}

    /**
     * @param threadName the name of the handlers' threads, for a thread dump of a test that hangs
     * @return the server, not started: add its contexts, then {@code start()}; {@code stop(0)} it when done
     */
    public static HttpServer create(String threadName) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        return server;
    }
}

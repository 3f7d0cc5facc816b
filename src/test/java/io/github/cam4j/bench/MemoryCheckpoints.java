package io.github.cam4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * The soaks' memory figures, one row per checkpoint: the process's resident set now and at its peak (VmRSS, VmHWM of
 * {@code /proc/self/status}), JavaCPP's count of physical bytes, and the Java heap in use after a full collection, so
 * that a climb shows whether native memory (a Tensor, Result, Mat or graph op left behind) or Java objects (a cache
 * without bounds) grow.
 */
final class MemoryCheckpoints {
    private final long start = System.nanoTime();

    /** Prints the header, naming what the first column counts ("explained", "sessions"...). */
    MemoryCheckpoints(String counted) {
        System.out.printf(Locale.ROOT, "%10s %9s %9s %16s %13s %9s%n", counted, "rss_mib", "peak_mib",
                "javacpp_phys_mib", "heap_gc_mib", "seconds");
    }

    /** Prints one row: {@code done} so far and the memory now. */
    void print(long done) throws IOException {
        double heap = heapAfterGcMiB();
        System.out.printf(Locale.ROOT, "%10d %9.1f %9.1f %16.1f %13.1f %9.1f%n", done, statusMiB("VmRSS:"),
                statusMiB("VmHWM:"), Pointer.physicalBytes() / 1048576.0, heap, (System.nanoTime() - start) / 1e9);
    }

    /** @return the Java heap in use after a full collection, MiB (the collection also frees unreachable Pointers) */
    static double heapAfterGcMiB() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0;
    }

    /** @return a memory line of {@code /proc/self/status} (kB there), in MiB; NaN where there is none */
    static double statusMiB(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}

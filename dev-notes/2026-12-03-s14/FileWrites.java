import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * What a durable email file costs on this machine (issue 19, session 14): batches of new files written as the pickup
 * mailer writes them (temporary name, write, force, atomic rename), 16 at a time on virtual threads, in four chunks on a
 * pool of four platform threads, and one after another on the calling thread, each from a platform and a virtual thread; prints wall time per batch and the
 * process's CPU and context switches per file. Run: java FileWrites.java DIR BATCH BATCHES (e.g. /tmp/fw 17 40).
 */
public class FileWrites {
    static final byte[] BODY = new byte[3000];
    static final Set<StandardOpenOption> NEW = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
    static Path dir;
    static int seq;
    static void write(int i) throws Exception {
        Path tmp = dir.resolve(".t" + i + ".tmp"), target = dir.resolve("m" + i + ".eml");
        try (FileChannel ch = FileChannel.open(tmp, NEW)) { ch.write(ByteBuffer.wrap(BODY)); ch.force(true); }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
    static long ctx() throws Exception {
        long s = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                List<String> ls; try { ls = Files.readAllLines(t.resolve("status")); } catch (Exception gone) { continue; }
                for (String l : ls) if (l.contains("ctxt_switches")) s += Long.parseLong(l.split("\\s+")[1]);
            }
        }
        return s;
    }
    interface Batch { void run(int from, int n) throws Exception; }
    public static void main(String[] a) throws Exception {
        dir = Files.createDirectories(Path.of(a[0]));
        int batch = Integer.parseInt(a[1]), batches = Integer.parseInt(a[2]);
        Map<String, Batch> modes = new LinkedHashMap<>();
        modes.put("parallel-virtual", (from, n) -> {
            var sem = new Semaphore(16);
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) { int k = from + i; fs.add(ex.submit(() -> { sem.acquire(); try { write(k); } finally { sem.release(); } return null; })); }
                for (var f : fs) f.get();
            }
        });
        var pool = Executors.newFixedThreadPool(4);
        modes.put("chunks-4-platform", (from, n) -> {
            List<Future<?>> fs = new ArrayList<>();
            int per = (n + 3) / 4;
            for (int c = 0; c < n; c += per) { int s0 = from + c, e0 = from + Math.min(n, c + per); fs.add(pool.submit(() -> { for (int k = s0; k < e0; k++) write(k); return null; })); }
            for (var f : fs) f.get();
        });
        modes.put("sequential-here", (from, n) -> { for (int i = 0; i < n; i++) write(from + i); });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 3; round++) {
            for (var e : modes.entrySet()) {
                for (String where : List.of("platform", "virtual")) {
                    Runnable job = () -> {
                        try { for (int b = 0; b < batches; b++) { e.getValue().run(seq, batch); seq += batch; } } catch (Exception x) { throw new RuntimeException(x); }
                    };
                    long c0 = ctx(), cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                    Thread t = where.equals("platform") ? Thread.ofPlatform().start(job) : Thread.ofVirtual().start(job);
                    t.join();
                    long t1 = System.nanoTime(), cpu1 = os.getProcessCpuTime(), c1 = ctx();
                    int files = batch * batches;
                    System.out.printf("%-17s on %-8s: %6.1f ms per batch of %d, %5.1f us CPU and %4.1f ctx switches per file%n", e.getKey(), where,
                            (t1 - t0) / 1e6 / batches, batch, (cpu1 - cpu0) / 1e3 / files, (c1 - c0) / (double) files);
                }
            }
        }
        pool.shutdown();
    }
}

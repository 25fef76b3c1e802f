import io.javalin.Javalin;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The HTTP stack's own cost around one fsync (issue 19, session 14): POST /noop answers at once, POST /fsync appends
 * 4 KB to a file and forces it (as a WAL commit does) before answering; "loop" runs the append in process instead.
 * Run: java -cp grantor.jar FsyncFloor.java FILE [loop|platform|virtual], then wrk -t1 -c1 -s post.lua on port 18090.
 */
public class FsyncFloor {
    static FileChannel ch;
    static final Object lock = new Object();
    static void append() throws Exception {
        synchronized (lock) {
            ch.write(ByteBuffer.wrap(new byte[4096]));
            ch.force(false);
        }
    }
    public static void main(String[] a) throws Exception {
        ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (a.length > 1 && a[1].equals("loop")) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime(); int n = 0;
                while (System.nanoTime() - t0 < 3_000_000_000L) { append(); n++; }
                System.out.println("in-process loop: " + n / 3 + " fsyncs/s");
            }
            return;
        }
        boolean virtual = !(a.length > 1 && a[1].equals("platform"));
        Javalin.create(c -> {
            c.concurrency.useVirtualThreads = virtual;
            c.startup.showJavalinBanner = false;
            c.routes.post("/fsync", ctx -> { append(); ctx.result("ok"); });
            c.routes.post("/noop", ctx -> ctx.result("ok"));
        }).start(18090);
    }
}

package cohortbank.customer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts the fsync and fdatasync calls of running JVMs over a stretch of time, with
 * {@code strace -f -c -e trace=fsync,fdatasync -p PID} attached to each: {@link #attach} before,
 * {@link #stop} after. Without strace (or where ptrace is not allowed) the count is NaN, shown
 * as "n/a". Each summary is kept in the run directory as {@code <name>.<what>.strace}.
 */
final class FsyncCount {

    private final List<Process> tracers;
    private final List<Path> outputs;

    private FsyncCount(List<Process> tracers, List<Path> outputs) {
        this.tracers = tracers;
        this.outputs = outputs;
    }

    static FsyncCount attach(BenchCluster cluster, List<String> names, String what)
            throws IOException, InterruptedException {
        List<Process> tracers = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        if (straceWorks()) {
            for (String name : names) {
                Path out = cluster.dir().resolve(name + "." + what + ".strace");
                outputs.add(out);
                tracers.add(new ProcessBuilder("strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o",
                        out.toString(), "-p", Long.toString(cluster.pid(name))).redirectErrorStream(true)
                        .redirectOutput(cluster.dir().resolve(name + "." + what + ".strace.err").toFile()).start());
            }
            Thread.sleep(1_500); // strace attaches to every thread of the JVM before it counts
        }
        return new FsyncCount(tracers, outputs);
    }

    /** Detaches every strace and returns the calls they counted together; NaN when none ran. */
    double stop() throws IOException, InterruptedException {
        if (tracers.isEmpty()) {
            return Double.NaN;
        }
        for (Process t : tracers) {
            t.destroy(); // SIGTERM: strace detaches and writes its summary
        }
        double calls = 0;
        for (int i = 0; i < tracers.size(); i++) {
            tracers.get(i).waitFor(10, TimeUnit.SECONDS);
            calls += StraceSummary.calls(Files.exists(outputs.get(i)) ? Files.readString(outputs.get(i)) : "");
        }
        return calls;
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

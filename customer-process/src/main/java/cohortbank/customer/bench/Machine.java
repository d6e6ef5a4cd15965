package cohortbank.customer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine the figures were taken on: cores, CPU model and load, and how fast a JVM starts here. */
final class Machine {

    private Machine() {
    }

    /** One line: {@code nproc}, the CPU model from /proc/cpuinfo and the load average. */
    static String describe() {
        return "machine: nproc " + Runtime.getRuntime().availableProcessors() + ", " + cpuModel() + ", load "
                + firstLine(Path.of("/proc/loadavg"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("CPU model unknown");
        } catch (IOException e) {
            return "CPU model unknown";
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0);
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** Median wall time of three runs of {@code java -version} with this JVM: the floor of any start-up. */
    static double javaVersionMillis() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(java, "-Xshare:auto", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchFailure("java -version did not end within 30 s");
            }
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return Stats.median(millis);
    }
}

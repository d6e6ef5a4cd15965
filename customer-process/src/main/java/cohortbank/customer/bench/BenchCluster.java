package cohortbank.customer.bench;

import cohortbank.common.net.LoopbackPorts;
import cohortbank.customer.runner.ConsoleProcess;
import cohortbank.customer.runner.ProcessLauncher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bank and its customers as real JVMs on loopback, driven through their consoles
 * ({@link ConsoleProcess}), with each process's log and state in one directory. Every command
 * is checked: an unexpected answer stops the benchmark with a {@link BenchFailure} showing
 * the process's last lines. {@link #close} stops every process (quit, then kill).
 */
final class BenchCluster implements AutoCloseable {

    /** What a rollback cost: datagrams of each kind sent (re-sends included), and fsyncs (NaN: not counted, see {@link FsyncCount}). */
    record RollbackCost(long requests, long resyncs, long decisions, double fsyncs) {
    }

    private static final long WAIT_MILLIS = 60_000;
    private static final long BANK_START_MILLIS = 600_000;

    private final ProcessLauncher launcher;
    private final Path dir;
    private final long seed;
    private final Map<String, ConsoleProcess> running = new LinkedHashMap<>();
    private int bankPort;

    BenchCluster(ProcessLauncher launcher, Path dir, long seed) throws IOException {
        this.launcher = launcher;
        this.dir = dir.toAbsolutePath();
        this.seed = seed;
        Files.createDirectories(this.dir);
    }

    /** A data.csv of {@code size} active customers in no cohort, on distinct addresses and ports. */
    static Path writeTable(Path dir, int size) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve("data.csv");
        try (BufferedWriter out = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
            out.write("name,balance,ip_address,port1,port2,cohort,exit_state\n");
            for (int i = 0; i < size; i++) {
                int host = i / 20_000;
                int port = 20_000 + 2 * (i % 20_000);
                out.write("t" + i + ",100.00,10.0." + (host / 250) + "." + (host % 250 + 1) + "," + port + ","
                        + (port + 1) + ",,active\n");
            }
        }
        return data;
    }

    /** Starts the bank on {@code data.csv} in the directory; returns the milliseconds to its listening line. */
    double startBank() throws IOException, InterruptedException {
        bankPort = LoopbackPorts.probe(1).get(0).port();
        long start = System.nanoTime();
        launch("bank", launcher.bank(List.of("--host", LoopbackPorts.LOOPBACK, "--port", Integer.toString(bankPort),
                "--data", dir.resolve("data.csv").toString(), "--seed", Long.toString(seed),
                "--log", dir.resolve("bank.log").toString()))).awaitReady(BANK_START_MILLIS);
        return (System.nanoTime() - start) / 1e6;
    }

    /** Starts one customer; returns the milliseconds from launch to its listening line. */
    double startCustomer(String name) throws IOException, InterruptedException {
        long start = System.nanoTime();
        launchCustomer(name).awaitReady(WAIT_MILLIS);
        return (System.nanoTime() - start) / 1e6;
    }

    /** Starts customers side by side and waits until all listen. */
    void startCustomers(List<String> names) throws IOException, InterruptedException {
        List<ConsoleProcess> started = new ArrayList<>();
        for (String name : names) {
            started.add(launchCustomer(name));
        }
        for (ConsoleProcess p : started) {
            p.awaitReady(WAIT_MILLIS);
        }
    }

    private ConsoleProcess launchCustomer(String name) throws IOException {
        List<Integer> ports = LoopbackPorts.probe(2).stream().map(e -> e.port()).toList();
        return launch(name, launcher.customer(List.of("--bank", LoopbackPorts.LOOPBACK + ":" + bankPort,
                "--port1", Integer.toString(ports.get(0)), "--port2", Integer.toString(ports.get(1)),
                "--state-dir", dir.resolve("state").resolve(name).toString(), "--name", name,
                "--seed", Long.toString(seed * 1000 + running.size()), "--log", dir.resolve(name + ".log").toString())));
    }

    private ConsoleProcess launch(String name, List<String> command) throws IOException {
        ConsoleProcess p = ConsoleProcess.launch(name, command, dir, dir.resolve(name + ".console"),
                dir.resolve(name + ".err"), line -> { });
        running.put(name, p);
        return p;
    }

    /** Types {@code line} into {@code name}'s console and checks that it succeeded the regular expression {@code expect} found in its answer. */
    void command(String name, String line, String expect) throws InterruptedException {
        ConsoleProcess p = process(name);
        p.send(line);
        check(p, line, p.result(WAIT_MILLIS), expect);
    }

    /** As {@link #command}; returns the milliseconds from typing to the answer. */
    double timed(String name, String line, String expect) throws InterruptedException {
        long start = System.nanoTime();
        command(name, line, expect);
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * Types {@code line} {@code count} times without waiting, then takes every answer; returns
     * how many per second succeeded with {@code expect} in them (the others are not counted).
     */
    double pipelined(String name, String line, int count, String expect) throws InterruptedException {
        ConsoleProcess p = process(name);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            p.send(line);
        }
        int acked = 0;
        for (int i = 0; i < count; i++) {
            ConsoleProcess.Result r = p.result(WAIT_MILLIS);
            if (r == null) {
                throw failure(p, line + " (answer " + (i + 1) + " of " + count + ")", "no answer within " + WAIT_MILLIS + " ms");
            }
            if (r.line().startsWith("SUCCESS") && Pattern.compile(expect).matcher(r.line()).find()) {
                acked++;
            }
        }
        return acked / ((System.nanoTime() - start) / 1e9);
    }

    void awaitEvent(String name, Pattern pattern) throws InterruptedException {
        ConsoleProcess p = process(name);
        if (p.awaitEvent(pattern, WAIT_MILLIS) == null) {
            throw failure(p, "(waiting)", "no EVENT matching /" + pattern + "/ within " + WAIT_MILLIS + " ms");
        }
    }

    /** Resident memory of {@code name}'s JVM from /proc/PID/status, in MiB; NaN where /proc is missing. */
    double rssMiB(String name) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process(name).pid()), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: no figure.
        }
        return Double.NaN;
    }

    /**
     * {@code rollback} typed at {@code initiator}, which must be joined by all of {@code members};
     * counts the rollback datagrams in the logs, and the fsyncs of every member with strace
     * (attached for the rollback only) when strace is installed and allowed.
     */
    RollbackCost rollback(String initiator, List<String> members) throws IOException, InterruptedException {
        // The customers write their logs within 0.1 s (ProcessLog.openBuffered): the lines of the
        // commands just before must be in the files before they are counted, or this counts them.
        Thread.sleep(500);
        Map<String, Long> before = sends();
        FsyncCount fsyncs = FsyncCount.attach(this, members, "rollback");
        command(initiator, "rollback", naming(members));
        for (String name : members) {
            if (!name.equals(initiator)) {
                awaitEvent(name, Pattern.compile("rolled back"));
            }
        }
        Thread.sleep(1_000); // the decision's acknowledgements and resyncs settle
        double counted = fsyncs.stop();
        Map<String, Long> after = sends();
        return new RollbackCost(after.get("rb-request") - before.get("rb-request"),
                after.get("resync") - before.get("resync"), after.get("rb-decision") - before.get("rb-decision"), counted);
    }

    /**
     * {@code checkpoint} typed at {@code initiator}, which all of {@code members} must join;
     * returns the fsyncs the members made for it (NaN without strace), counted as for a rollback.
     */
    double checkpointFsyncs(String initiator, List<String> members) throws IOException, InterruptedException {
        FsyncCount fsyncs = FsyncCount.attach(this, members, "checkpoint");
        command(initiator, "checkpoint", naming(members));
        for (String name : members) {
            if (!name.equals(initiator)) {
                awaitEvent(name, Pattern.compile("committed"));
            }
        }
        Thread.sleep(1_000); // balance reports and receipts settle
        return fsyncs.stop();
    }

    /** The directory of this run's logs, transcripts and strace summaries. */
    Path dir() {
        return dir;
    }

    /** The operating system's id of {@code name}'s JVM. */
    long pid(String name) {
        return process(name).pid();
    }

    /** A regular expression found in a line that names every one of {@code names}, in any order. */
    static String naming(List<String> names) {
        return "^" + String.join("", names.stream().map(n -> "(?=.*\\b" + Pattern.quote(n) + "\\b)").toList());
    }

    /** Datagrams sent so far, per rollback message kind, from every customer's log. */
    private Map<String, Long> sends() throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("rb-request", 0L, "resync", 0L, "rb-decision", 0L));
        for (String name : running.keySet()) {
            Path log = dir.resolve(name + ".log");
            if (name.equals("bank") || !Files.exists(log)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                // An answer (@re=) is not counted: "SUCCESS resync N" would count as a resync.
                lines.filter(l -> l.contains(" send to ") && !l.contains(" @re="))
                        .forEach(l -> counts.replaceAll((kind, n) -> l.contains(" " + kind + " ") ? n + 1 : n));
            }
        }
        return counts;
    }

    private ConsoleProcess process(String name) {
        ConsoleProcess p = running.get(name);
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return p;
    }

    private void check(ConsoleProcess p, String line, ConsoleProcess.Result r, String expect) {
        if (r == null) {
            throw failure(p, line, "no answer within " + WAIT_MILLIS + " ms");
        }
        if (!r.line().startsWith("SUCCESS") || !Pattern.compile(expect).matcher(r.line()).find()) {
            throw failure(p, line, "'" + r.line() + "' (expected SUCCESS with '" + expect + "')");
        }
    }

    private BenchFailure failure(ConsoleProcess p, String line, String what) {
        return new BenchFailure(p.name() + "> " + line + ": " + what + "; its last lines:\n  "
                + String.join("\n  ", p.tail()));
    }

    @Override
    public void close() throws InterruptedException {
        for (ConsoleProcess p : running.values()) {
            p.endInputAsync();
        }
        for (ConsoleProcess p : running.values()) {
            p.waitForExit(5_000);
            p.close();
        }
    }
}

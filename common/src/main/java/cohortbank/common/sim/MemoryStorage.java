package cohortbank.common.sim;

import cohortbank.common.store.Storage;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@link Storage} in memory, for tests and the simulator.
 *
 * <p>Contract: as {@link Storage}. Every {@link #write} is complete and durable when it returns,
 * so a simulated crash (dropping the process, keeping this object) loses nothing that was
 * written, and a restart with the same object reads exactly the last content. To simulate a
 * crash <em>during</em> a write or a failing disk, {@link #setFailing} makes writes and deletes
 * throw without changing anything, which is the only other outcome the contract allows.
 * Contents are copied in and out, so callers can never alter stored bytes by accident.
 * Names follow the same rule as {@code FileStorage}, so a name that works here works on disk.
 * Thread-safe, so scenario tests on real event loops can share one.
 */
public final class MemoryStorage implements Storage {

    // Same rule as FileStorage (kept in step by MemoryStorageTest): a simulated run must not
    // accept a name that the real storage would refuse.
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final Map<String, byte[]> blobs = new TreeMap<>();
    private boolean failing;

    @Override
    public synchronized Optional<byte[]> read(String name) {
        byte[] content = blobs.get(check(name));
        return content == null ? Optional.empty() : Optional.of(content.clone());
    }

    @Override
    public synchronized void write(String name, byte[] content) throws IOException {
        check(name);
        failIfFailing("write " + name);
        blobs.put(name, content.clone());
    }

    /** Appends whole: a torn append is {@code CrashableStorage}'s business. */
    @Override
    public synchronized void append(String name, byte[] content) throws IOException {
        check(name);
        failIfFailing("append " + name);
        byte[] old = blobs.getOrDefault(name, new byte[0]);
        byte[] joined = java.util.Arrays.copyOf(old, old.length + content.length);
        System.arraycopy(content, 0, joined, old.length, content.length);
        blobs.put(name, joined);
    }

    @Override
    public synchronized void delete(String name) throws IOException {
        check(name);
        failIfFailing("delete " + name);
        blobs.remove(name);
    }

    /** The names currently stored, sorted. */
    public synchronized SortedSet<String> names() {
        return new TreeSet<>(blobs.keySet());
    }

    /** While {@code failing}, every write and delete throws and leaves the content as it was. */
    public synchronized void setFailing(boolean failing) {
        this.failing = failing;
    }

    private void failIfFailing(String what) throws IOException {
        if (failing) {
            throw new IOException("simulated storage failure: " + what);
        }
    }

    private static String check(String name) {
        if (!SAFE_NAME.matcher(name).matches() || name.endsWith(".tmp")) {
            throw new IllegalArgumentException("bad storage name '" + name + "'");
        }
        return name;
    }
}

package cohortbank.common.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Merges the trace files of a run into one causally ordered list of events.
 *
 * <p>Contract: each host's events come out in the order of its own count; an event comes out
 * only after every event its clock says happened before it, as far as the traces hold those
 * events; among events free to go, the earliest wall time goes first. Lines that do not parse
 * (torn by a crash) are left out and counted.
 */
public final class TraceMerge {

    /** The merged events and how many lines could not be read. */
    public record Result(List<TraceLine> events, int skippedLines) {
    }

    private TraceMerge() {
    }

    /** Reads every {@code *.trace} file in {@code runDir} and merges them. */
    public static Result ofDirectory(Path runDir) throws IOException {
        List<String> lines = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(runDir, "*.trace")) {
            dir.forEach(files::add);
        }
        files.sort(Comparator.naturalOrder());
        for (Path file : files) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        return merge(lines);
    }

    /** Merges trace lines from any number of hosts, in any order. */
    public static Result merge(List<String> lines) {
        Map<String, TreeMap<Long, TraceLine>> byHost = new TreeMap<>();
        int skipped = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Optional<TraceLine> parsed = TraceLine.parse(line);
            if (parsed.isEmpty()) {
                skipped++;
                continue;
            }
            TraceLine t = parsed.get();
            byHost.computeIfAbsent(t.host(), h -> new TreeMap<>()).putIfAbsent(t.number(), t);
        }
        Map<String, Deque<TraceLine>> queues = new TreeMap<>();
        byHost.forEach((host, events) -> queues.put(host, new ArrayDeque<>(events.values())));
        Map<String, Long> emitted = new HashMap<>();
        List<TraceLine> out = new ArrayList<>();
        while (queues.values().stream().anyMatch(q -> !q.isEmpty())) {
            TraceLine next = null;
            TraceLine fallback = null;
            for (Deque<TraceLine> q : queues.values()) {
                TraceLine head = q.peekFirst();
                if (head == null) {
                    continue;
                }
                if (fallback == null || earlier(head, fallback)) {
                    fallback = head;
                }
                if (ready(head, byHost, emitted) && (next == null || earlier(head, next))) {
                    next = head;
                }
            }
            // With every host's events in its own order, only a trace that lost lines can leave
            // nothing ready; then wall time decides.
            TraceLine chosen = next != null ? next : fallback;
            queues.get(chosen.host()).pollFirst();
            emitted.put(chosen.host(), chosen.number());
            out.add(chosen);
        }
        return new Result(List.copyOf(out), skipped);
    }

    private static boolean ready(TraceLine event, Map<String, TreeMap<Long, TraceLine>> byHost, Map<String, Long> emitted) {
        for (Map.Entry<String, Long> entry : event.clock().entrySet()) {
            String other = entry.getKey();
            if (other.equals(event.host()) || !byHost.containsKey(other)) {
                continue;
            }
            // Only wait for events the other trace really holds.
            Long needed = byHost.get(other).floorKey(entry.getValue());
            if (needed != null && emitted.getOrDefault(other, 0L) < needed) {
                return false;
            }
        }
        return true;
    }

    private static boolean earlier(TraceLine a, TraceLine b) {
        int byTime = a.time().compareTo(b.time());
        return byTime != 0 ? byTime < 0 : a.host().compareTo(b.host()) < 0;
    }

    /** The file ShiViz loads: its parser expression, an empty delimiter line, then the events. */
    public static List<String> shivizLines(List<TraceLine> events) {
        List<String> lines = new ArrayList<>();
        lines.add(TraceLine.SHIVIZ_REGEX);
        lines.add("");
        events.forEach(e -> lines.add(e.line()));
        return lines;
    }
}

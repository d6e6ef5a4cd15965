package cohortbank.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Lines of the deferring thread wait for a flush; any other thread's line first writes what waits. */
class BatchedOutputTest {

    private final List<List<String>> writes = new CopyOnWriteArrayList<>();
    private final BatchedOutput output = new BatchedOutput(new ConsoleOutput() {
        @Override
        public void println(String line) {
            writes.add(List.of(line));
        }

        @Override
        public void printLines(List<String> lines) {
            writes.add(List.copyOf(lines));
        }
    });

    @Test
    void withoutADeferringThreadEveryLineIsWrittenAtOnce() {
        output.println("EVENT one");
        output.printLines(List.of("table", "SUCCESS two"));
        assertEquals(List.of(List.of("EVENT one"), List.of("table", "SUCCESS two")), writes);
    }

    @Test
    void theDeferringThreadsLinesWaitForTheFlushAndGoOutAsOneWrite() {
        output.deferWhen(() -> true);
        output.println("EVENT received 0.01 from c3 (label 1)");
        output.println("SUCCESS transfer 0.01 to c1 (label 7): delivered");
        assertEquals(List.of(), writes, "nothing written before the flush");
        output.flush();
        output.flush();
        assertEquals(List.of(List.of("EVENT received 0.01 from c3 (label 1)",
                "SUCCESS transfer 0.01 to c1 (label 7): delivered")), writes);
    }

    @Test
    void aLineFromAnotherThreadFollowsTheLinesWaitingBeforeIt() throws InterruptedException {
        Thread loop = Thread.currentThread();
        output.deferWhen(() -> Thread.currentThread() == loop);
        output.println("EVENT first, on the loop");
        Thread console = new Thread(() -> output.println("FAILURE second, from the console"));
        console.start();
        console.join(5_000);
        output.println("EVENT third, on the loop");
        output.flush();
        assertEquals(List.of(List.of("EVENT first, on the loop"), List.of("FAILURE second, from the console"),
                List.of("EVENT third, on the loop")), writes);
    }
}

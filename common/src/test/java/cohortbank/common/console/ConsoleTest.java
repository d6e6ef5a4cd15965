package cohortbank.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConsoleTest {

    private static final List<CommandSpec> COMMANDS = List.of(
            new CommandSpec("deposit", "deposit <amount>", "add money to the account"),
            new CommandSpec("transfer", "transfer <amount> <receiver>", "send money to a cohort member"),
            new CommandSpec("quit", "quit", "end this process"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<String> handled = new ArrayList<>();

    @Test
    void pipedLinesAreTrimmedAnsweredInOrderAndBlankLinesSkipped() throws IOException {
        String output = runPiped("deposit 10\n\n   \n  transfer 5 bob  \r\ndeposit 1\n");

        assertEquals(List.of("deposit 10", "transfer 5 bob", "deposit 1"), handled);
        assertEquals("SUCCESS deposit 10\nSUCCESS transfer 5 bob\nSUCCESS deposit 1\n", output);
    }

    @Test
    void handlerReturningFalseStopsReading() throws IOException {
        String output = runPiped("deposit 10\nquit\ndeposit 99\n");

        assertEquals(List.of("deposit 10", "quit"), handled);
        assertEquals("SUCCESS deposit 10\nSUCCESS quit\n", output);
    }

    @Test
    void endOfInputWithoutFinalNewlineStillHandlesTheLastLine() throws IOException {
        assertEquals("SUCCESS deposit 3\n", runPiped("deposit 3"));
    }

    @Test
    void pipedModeWritesNoPromptAndNoEscapeCodes() throws IOException {
        String output = runPiped("deposit 10\ntransfer 1 bob\n");

        assertFalse(output.contains("\u001b"), output);
        assertFalse(output.contains("> "), output);
    }

    @Test
    void helpListsEveryCommandAlignedAndEndsWithSuccess() {
        assertEquals(List.of(
                "command                       what it does",
                "deposit <amount>              add money to the account",
                "transfer <amount> <receiver>  send money to a cohort member",
                "quit                          end this process",
                "SUCCESS 3 commands"), Console.helpLines(COMMANDS));
    }

    @Test
    void helpFitsEightyColumnsWrappingLongUsagesAndDescriptionsBetweenWords() {
        List<CommandSpec> commands = List.of(
                FaultsCommand.SPEC,
                new CommandSpec("status", "status",
                        "show the account, cohort, label tables, latest checkpoint and current activity"),
                new CommandSpec("quit", "quit", "end this process"));

        List<String> help = Console.helpLines(commands);

        help.forEach(line -> assertTrue(line.length() <= 80, line.length() + " columns: " + line));
        assertEquals(List.of(
                "command                             what it does",
                "faults [off | [--to HOST:PORT]      show or change the faults injected into this",
                "  [--drop P] [--duplicate P]        process's outgoing datagrams",
                "  [--reorder P] [--delay MS[-MS]]]",
                "status                              show the account, cohort, label tables,",
                "                                    latest checkpoint and current activity",
                "quit                                end this process",
                "SUCCESS 3 commands"), help);
    }

    @Test
    void aWordLongerThanItsColumnIsCutSoNoLineIsWider() {
        String word = "x".repeat(200);
        List<String> help = Console.helpLines(List.of(new CommandSpec("long", "long " + word, word)));

        help.forEach(line -> assertTrue(line.length() <= 80, line.length() + " columns: " + line));
        assertEquals(word + word, String.join("", help.subList(1, help.size() - 1)).replaceAll("[^x]", ""));
    }

    @Test
    void theArgumentPlaceholderIsFoundByPositionInTheUsage() {
        assertEquals("receiver", CommandCompleter.placeholder("transfer <amount> <receiver>", 2));
        assertEquals("amount", CommandCompleter.placeholder("transfer <amount> <receiver>", 1));
        assertEquals("ipv4", CommandCompleter.placeholder("open <name> <balance> [<ipv4> <port1> <port2>]", 3));
        assertEquals("", CommandCompleter.placeholder("transfer <amount> <receiver>", 3));
        assertEquals("", CommandCompleter.placeholder("faults [off | [--to HOST:PORT]", 1));
    }

    @Test
    void onATerminalTabCompletesARegisteredArgumentAndThePromptFollowsTheName() throws Exception {
        PipedOutputStream typed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(typed);
        List<String> lines = new CopyOnWriteArrayList<>();
        String[] name = {null};
        try (Console console = Console.open("customer", COMMANDS, in, new PrintStream(bytes), true)) {
            console.showInPrompt(() -> name[0]);
            console.completeArgument("receiver", () -> List.of("bob", "carol"));
            Thread loop = new Thread(() -> console.run(line -> {
                lines.add(line);
                name[0] = "alice"; // as a successful open teaches the customer its name
                return true;
            }));
            loop.start();
            typed.write("deposit 1\r".getBytes(StandardCharsets.UTF_8));
            typed.write("transfer 5 ca\t\r".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lines.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            typed.close();
            loop.join(10_000);
        }
        assertEquals(List.of("deposit 1", "transfer 5 carol"), lines);
        String screen = bytes.toString(StandardCharsets.UTF_8);
        int before = screen.indexOf("customer> ");
        int after = screen.indexOf("alice> ");
        assertTrue(before >= 0 && after > before, "prompt 'customer> ' then 'alice> ' in: " + screen);
    }

    @Test
    void commandNamesMustBeDistinctAndOneWord() {
        assertThrows(IllegalArgumentException.class, () -> new CommandSpec("new cohort", "", ""));
        List<CommandSpec> twice = List.of(COMMANDS.get(0), COMMANDS.get(0));
        assertThrows(IllegalArgumentException.class, () -> Console.open("alice", twice,
                new ByteArrayInputStream(new byte[0]), new PrintStream(bytes), false));
    }

    /** A handler whose line waits until interrupted, as a transfer waits for its receiver. */
    private static final class WaitingHandler implements Console.LineHandler {
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public boolean handle(String line) {
            lines.add(line);
            if (line.equals("wait")) {
                waiting.countDown();
                try {
                    interrupted.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }

        @Override
        public void interrupt() {
            interrupted.countDown();
        }
    }

    @Test
    void ctrlCOnAPipeStopsTheWaitingLineAndEndsTheConsoleAsEndOfInputWould() throws Exception {
        PipedOutputStream typed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(typed);
        WaitingHandler handler = new WaitingHandler();
        try (Console console = Console.open("alice", COMMANDS, in, new PrintStream(bytes), false)) {
            Thread loop = new Thread(() -> console.run(handler));
            loop.start();
            typed.write("deposit 1\nwait\n".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            assertTrue(handler.waiting.await(10, TimeUnit.SECONDS));

            console.interrupt(); // what SIGINT does; the pipe stays open and silent

            loop.join(10_000);
            assertFalse(loop.isAlive(), "the console ended although its input did not");
            assertEquals(0, handler.interrupted.getCount(), "the waiting line was interrupted");
            assertEquals(List.of("deposit 1", "wait"), handler.lines);
        }
    }

    @Test
    void ctrlCOnAnIdlePipeEndsTheConsole() throws Exception {
        PipedInputStream in = new PipedInputStream(new PipedOutputStream());
        WaitingHandler handler = new WaitingHandler();
        try (Console console = Console.open("alice", COMMANDS, in, new PrintStream(bytes), false)) {
            Thread loop = new Thread(() -> console.run(handler));
            loop.start();
            Thread.sleep(100);
            console.interrupt();
            loop.join(10_000);
            assertFalse(loop.isAlive());
            assertEquals(List.of(), handler.lines);
        }
    }

    @Test
    void ctrlCOnATerminalStopsTheWaitingLineAndTheConsoleReadsOn() throws Exception {
        PipedOutputStream typed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(typed);
        WaitingHandler handler = new WaitingHandler();
        try (Console console = Console.open("alice", COMMANDS, in, new PrintStream(bytes), true)) {
            Thread loop = new Thread(() -> console.run(handler));
            loop.start();
            typed.write("wait\r".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            assertTrue(handler.waiting.await(10, TimeUnit.SECONDS));

            console.interrupt();

            assertTrue(handler.interrupted.await(10, TimeUnit.SECONDS));
            typed.write("deposit 2\r".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handler.lines.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("wait", "deposit 2"), handler.lines, "the console carried on reading");
            typed.close();
            loop.join(10_000);
        }
    }

    private String runPiped(String input) throws IOException {
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        try (Console console = Console.open("alice", COMMANDS,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, false)) {
            console.run(line -> {
                handled.add(line);
                console.output().println("SUCCESS " + line);
                return !line.equals("quit");
            });
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}

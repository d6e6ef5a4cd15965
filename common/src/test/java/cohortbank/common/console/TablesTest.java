package cohortbank.common.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void textColumnsAlignLeftAndAmountColumnsAlignRight() {
        List<String> lines = Tables.render(
                List.of("name", "balance", "cohort"),
                List.of(List.of("alice", "90.00", "bob,carol"),
                        List.of("bob", "1250.50", ""),
                        List.of("christopher", "0.00", "alice")));

        assertEquals(List.of(
                "name         balance  cohort",
                "alice          90.00  bob,carol",
                "bob          1250.50",
                "christopher     0.00  alice"), lines);
    }

    @Test
    void aTableWithoutRowsIsItsHeader() {
        assertEquals(List.of("label  amount"), Tables.render(List.of("label", "amount"), List.of()));
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Tables.render(List.of("a", "b"), List.of(List.of("x"))));
    }
}

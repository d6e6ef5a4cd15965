package cohortbank.common.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * For the tests of the config records (the customer's and the bank's): copies of a record with
 * one component replaced, built through its canonical constructor so that the record's own
 * checks run, and the check every such test makes of every number in it.
 */
public final class ConfigRecords {

    private ConfigRecords() {
    }

    /**
     * Asserts that every {@code int} or {@code long} component of {@code defaults}, set to 0 or
     * to -1, is refused with a message starting {@code <Record>.<component> must be positive}.
     *
     * @return how many components were checked, so that a test can pin the count
     */
    public static int assertEveryNumberMustBePositive(Record defaults) {
        String type = defaults.getClass().getSimpleName();
        int checked = 0;
        for (RecordComponent c : defaults.getClass().getRecordComponents()) {
            if (c.getType() != long.class && c.getType() != int.class) {
                continue;
            }
            String name = c.getName();
            for (long bad : new long[] {0, -1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> with(defaults, name, bad), name);
                assertTrue(e.getMessage().startsWith(type + "." + name + " must be positive"), e.getMessage());
            }
            checked++;
        }
        return checked;
    }

    /**
     * {@code record} with its component {@code component} set to {@code value} (a number is
     * converted to the component's {@code int} or {@code long}). What the constructor throws is
     * thrown as it is, so a test sees the record's own {@link IllegalArgumentException}.
     *
     * @throws AssertionError when the record has no such component
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R record, String component, Object value) {
        Class<R> type = (Class<R>) record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                if (components[i].getName().equals(component)) {
                    found = true;
                    args[i] = converted(types[i], value);
                } else {
                    args[i] = components[i].getAccessor().invoke(record);
                }
            }
            if (!found) {
                throw new AssertionError(type.getSimpleName() + " has no component " + component);
            }
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object converted(Class<?> type, Object value) {
        if (type == int.class) {
            return (int) ((Number) value).longValue();
        }
        if (type == long.class) {
            return ((Number) value).longValue();
        }
        return value;
    }
}

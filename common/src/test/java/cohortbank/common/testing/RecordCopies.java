package cohortbank.common.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Copies of a record with one component replaced, built through its canonical constructor, so
 * that the record's own checks run: for the tests of the config records, which try every
 * component with a bad value.
 */
public final class RecordCopies {

    private RecordCopies() {
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

package cohortbank.bank;

import java.util.function.BiConsumer;

/**
 * An immutable hash map whose {@link #plus} and {@link #minus} return a new map in a few
 * microseconds whatever its size, sharing all but one path of the old one (a hash trie of
 * 32-way nodes, about four levels deep at a million keys).
 *
 * <p>Why: the bank's table is a value (a change is built, made durable, then adopted, and an
 * observer may hold the old one), and copying a whole table per change made each request cost
 * as much as the table is long. Keys must have a stable {@code hashCode} and {@code equals};
 * no {@code null} keys or values. Thread-safe, being immutable.
 */
final class PersistentMap<K, V> {

    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Object[WIDTH], 0);

    /** Each slot is null, an {@link Entry} (a chain of keys of one full hash), or a child node. */
    private final Object[] root;
    private final int size;

    /** One key and its value; {@code next} chains keys whose whole hash is equal. */
    private record Entry(Object key, Object value, int hash, Entry next) {
    }

    private PersistentMap(Object[] root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(Object key) {
        int hash = hash(key);
        Object[] node = root;
        for (int shift = 0; ; shift += BITS) {
            Object slot = node[index(hash, shift)];
            if (slot instanceof Object[] child) {
                node = child;
                continue;
            }
            for (Entry e = (Entry) slot; e != null; e = e.next) {
                if (e.hash == hash && e.key.equals(key)) {
                    return (V) e.value;
                }
            }
            return null;
        }
    }

    /** This map with {@code key} mapped to {@code value}. */
    PersistentMap<K, V> plus(K key, V value) {
        int[] added = {0};
        Object[] next = put(root, 0, hash(key), key, value, added);
        return new PersistentMap<>(next, size + added[0]);
    }

    /** This map without {@code key} (itself when the key is absent). */
    PersistentMap<K, V> minus(K key) {
        if (get(key) == null) {
            return this;
        }
        return new PersistentMap<>(remove(root, 0, hash(key), key), size - 1);
    }

    /** Runs {@code action} on every key and value, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<? super K, ? super V> action) {
        visit(root, (BiConsumer<Object, Object>) action);
    }

    private static void visit(Object[] node, BiConsumer<Object, Object> action) {
        for (Object slot : node) {
            if (slot instanceof Object[] child) {
                visit(child, action);
            } else {
                for (Entry e = (Entry) slot; e != null; e = e.next) {
                    action.accept(e.key, e.value);
                }
            }
        }
    }

    private static Object[] put(Object[] node, int shift, int hash, Object key, Object value, int[] added) {
        Object[] copy = node.clone();
        int i = index(hash, shift);
        Object slot = copy[i];
        if (slot instanceof Object[] child) {
            copy[i] = put(child, shift + BITS, hash, key, value, added);
        } else if (slot == null) {
            copy[i] = new Entry(key, value, hash, null);
            added[0] = 1;
        } else if (((Entry) slot).hash == hash) {
            Entry chain = without((Entry) slot, key);
            added[0] = chain == slot ? 1 : 0;
            copy[i] = new Entry(key, value, hash, chain);
        } else {
            // Two different hashes meet here: push the old chain one level down, where (at the
            // latest when all 32 bits are used) their next five bits differ.
            Entry old = (Entry) slot;
            Object[] child = new Object[WIDTH];
            child[index(old.hash, shift + BITS)] = old;
            copy[i] = put(child, shift + BITS, hash, key, value, added);
        }
        return copy;
    }

    private static Object[] remove(Object[] node, int shift, int hash, Object key) {
        Object[] copy = node.clone();
        int i = index(hash, shift);
        if (copy[i] instanceof Object[] child) {
            copy[i] = remove(child, shift + BITS, hash, key);
        } else {
            copy[i] = without((Entry) copy[i], key);
        }
        return copy;
    }

    /** The chain without {@code key}: the same chain object when the key is not in it. */
    private static Entry without(Entry chain, Object key) {
        if (chain == null) {
            return null;
        }
        if (chain.key.equals(key)) {
            return chain.next;
        }
        Entry rest = without(chain.next, key);
        return rest == chain.next ? chain : new Entry(chain.key, chain.value, chain.hash, rest);
    }

    /** The key's hash, mixed so that structured hash codes (consecutive ports, names) spread over the trie. */
    private static int hash(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    private static int index(int hash, int shift) {
        return (hash >>> shift) & (WIDTH - 1);
    }
}

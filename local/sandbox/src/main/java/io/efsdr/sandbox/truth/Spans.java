package io.efsdr.sandbox.truth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A set of half-open time spans {@code [from, to)} in epoch milliseconds, kept sorted and
 * disjoint. Immutable: every operation answers a new set.
 */
public final class Spans {
    /** One span; {@code to} is {@link Long#MAX_VALUE} while it is still open. */
    public record Span(long from, long to) {
        public Span {
            if (to < from) {
                throw new IllegalArgumentException("a span ends before it starts: " + from + " > " + to);
            }
        }

        long length() {
            return to - from;
        }
    }

    public static final Spans EMPTY = new Spans(List.of());
    public static final Spans ALWAYS = new Spans(List.of(new Span(Long.MIN_VALUE, Long.MAX_VALUE)));

    private final List<Span> spans;

    private Spans(List<Span> normalized) {
        this.spans = List.copyOf(normalized);
    }

    /** The union of the given spans, empty ones dropped. */
    public static Spans of(Collection<Span> spans) {
        List<Span> sorted =
                new ArrayList<>(spans.stream().filter(s -> s.to() > s.from()).toList());
        sorted.sort(Comparator.comparingLong(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span span : sorted) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1).to() >= span.from()) {
                Span last = merged.remove(merged.size() - 1);
                merged.add(new Span(last.from(), Math.max(last.to(), span.to())));
            } else {
                merged.add(span);
            }
        }
        return new Spans(merged);
    }

    public static Spans of(long from, long to) {
        return of(List.of(new Span(from, to)));
    }

    public List<Span> spans() {
        return spans;
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    public Spans union(Spans other) {
        List<Span> all = new ArrayList<>(spans);
        all.addAll(other.spans);
        return of(all);
    }

    public Spans intersect(Spans other) {
        List<Span> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < spans.size() && j < other.spans.size()) {
            Span a = spans.get(i);
            Span b = other.spans.get(j);
            long from = Math.max(a.from(), b.from());
            long to = Math.min(a.to(), b.to());
            if (from < to) {
                out.add(new Span(from, to));
            }
            if (a.to() < b.to()) {
                i++;
            } else {
                j++;
            }
        }
        return new Spans(out);
    }

    /** What is in this set and not in {@code other}. */
    public Spans minus(Spans other) {
        List<Span> out = new ArrayList<>();
        for (Span span : spans) {
            long cursor = span.from();
            for (Span cut : other.spans) {
                if (cut.to() <= cursor || cut.from() >= span.to()) {
                    continue;
                }
                if (cut.from() > cursor) {
                    out.add(new Span(cursor, cut.from()));
                }
                cursor = Math.max(cursor, cut.to());
                if (cursor >= span.to()) {
                    break;
                }
            }
            if (cursor < span.to()) {
                out.add(new Span(cursor, span.to()));
            }
        }
        return new Spans(out);
    }

    /** The part of this set that lies before {@code instant}. */
    public Spans before(long instant) {
        return intersect(of(Long.MIN_VALUE, instant));
    }

    /** The part of this set that lies at or after {@code instant}. */
    public Spans from(long instant) {
        return intersect(of(instant, Long.MAX_VALUE));
    }

    /** Total length in milliseconds. */
    public long totalMillis() {
        return spans.stream().mapToLong(Span::length).sum();
    }

    /** The longest single span in milliseconds; 0 when empty. */
    public long longestMillis() {
        return spans.stream().mapToLong(Span::length).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spans other && other.spans.equals(spans);
    }

    @Override
    public int hashCode() {
        return spans.hashCode();
    }

    @Override
    public String toString() {
        return spans.toString();
    }
}

package io.graylane.gateway.proxy.internal;

import io.netty.handler.codec.CharSequenceValueConverter;
import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;

import java.util.Calendar;
import java.util.Date;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link FieldList} reads and stores a header value, as Netty's {@code DefaultHttpHeaders} does:
 * conversion of what is stored, typed reads, and elements of comma-separated lists. Stateless.
 */
final class FieldValues {

    static final Function<CharSequence, Integer> INT = CharSequenceValueConverter.INSTANCE::convertToInt;
    static final Function<CharSequence, Short> SHORT = CharSequenceValueConverter.INSTANCE::convertToShort;
    static final Function<CharSequence, Long> MILLIS = CharSequenceValueConverter.INSTANCE::convertToTimeMillis;

    private FieldValues() {
    }

    /** {@code value} converted, or {@code null} when it is {@code null} or not convertible (as Netty). */
    static <T> T convert(CharSequence value, Function<CharSequence, T> converter) {
        if (value == null) {
            return null;
        }
        try {
            return converter.apply(value);
        } catch (RuntimeException notConvertible) {
            return null;
        }
    }

    /** Netty's conversion of a value to store ({@code HeaderValueConverter}): dates in HTTP format. */
    static CharSequence asCharSequence(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof CharSequence s) {
            return s;
        }
        if (value instanceof Date d) {
            return DateFormatter.format(d);
        }
        if (value instanceof Calendar c) {
            return DateFormatter.format(c.getTime());
        }
        return value.toString();
    }

    /**
     * Whether {@code list} has {@code expected} among its comma-separated elements, each trimmed of
     * characters up to space, as Netty's {@code HttpHeaders.containsValue} finds them.
     */
    static boolean listsElement(CharSequence list, CharSequence expected, boolean ignoreCase) {
        int n = list.length();
        int from = 0;
        while (true) {
            int comma = AsciiString.indexOf(list, ',', from);
            int a = from;
            int b = comma < 0 ? n : comma;
            while (a < b && list.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && list.charAt(b - 1) <= ' ') {
                b--;
            }
            if (b - a == expected.length() && regionMatches(list, a, expected, ignoreCase)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            from = comma + 1;
            if (from == n) {
                return false; // as Netty: nothing after a last comma is an element
            }
        }
    }

    private static boolean regionMatches(CharSequence s, int at, CharSequence expected, boolean ignoreCase) {
        for (int i = 0, n = expected.length(); i < n; i++) {
            char c = s.charAt(at + i);
            char e = expected.charAt(i);
            if (c != e && (!ignoreCase || AsciiString.toLowerCase(c) != AsciiString.toLowerCase(e))) {
                return false;
            }
        }
        return true;
    }
}

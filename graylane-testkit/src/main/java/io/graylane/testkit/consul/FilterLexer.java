package io.graylane.testkit.consul;

import java.util.ArrayList;
import java.util.List;

/** Splits a filter expression into tokens; strings may be "double-quoted" (Go escapes) or `raw`. Stateless. */
final class FilterLexer {

    enum Kind { LPAREN, RPAREN, LBRACKET, RBRACKET, EQ, NE, STRING, WORD, END }

    /** One token; {@code offset} is its 0-based position in the expression, for error messages. */
    record Token(Kind kind, String text, int offset) {
        boolean isKeyword(String keyword) {
            return kind == Kind.WORD && text.equals(keyword);
        }
    }

    private FilterLexer() {
    }

    static List<Token> tokenize(String input) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == '[') {
                out.add(new Token(Kind.LBRACKET, "[", i++));
            } else if (c == ']') {
                out.add(new Token(Kind.RBRACKET, "]", i++));
            } else if (c == '=' || c == '!') {
                if (i + 1 >= input.length() || input.charAt(i + 1) != '=') {
                    throw new FilterException(i, "unexpected \"" + c + "\" (expected: \"==\" or \"!=\")");
                }
                out.add(new Token(c == '=' ? Kind.EQ : Kind.NE, c + "=", i));
                i += 2;
            } else if (c == '"') {
                i = quoted(input, i, out);
            } else if (c == '`') {
                int end = input.indexOf('`', i + 1);
                if (end < 0) {
                    throw new FilterException(i, "unterminated raw string");
                }
                out.add(new Token(Kind.STRING, input.substring(i + 1, end), i));
                i = end + 1;
            } else {
                int start = i;
                while (i < input.length() && isWordChar(input.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, input.substring(start, i), start));
            }
        }
        out.add(new Token(Kind.END, "", input.length()));
        return out;
    }

    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && "()[]\"`=!".indexOf(c) < 0;
    }

    private static int quoted(String input, int start, List<Token> out) {
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '"') {
                out.add(new Token(Kind.STRING, sb.toString(), start));
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= input.length()) {
                    break;
                }
                char e = input.charAt(i + 1);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '"', '\\', '/' -> sb.append(e);
                    default -> throw new FilterException(i, "invalid escape \"\\" + e + "\" in string");
                }
                i += 2;
            } else {
                sb.append(c);
                i++;
            }
        }
        throw new FilterException(start, "unterminated string");
    }
}

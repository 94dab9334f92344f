package io.graylane.testkit.consul;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hand-written recursive-descent parser for Consul's filter language (go-bexpr subset).
 * Precedence: {@code not} binds tighter than {@code and}, which binds tighter than {@code or}.
 * <pre>
 * or      := and ("or" and)*
 * and     := unary ("and" unary)*
 * unary   := "not" unary | "(" or ")" | match
 * match   := selector ("==" | "!=") value
 *          | selector "is" ["not"] "empty"
 *          | selector ["not"] ("contains" | "matches") value
 *          | value ["not"] "in" selector
 * selector:= Ident ("." Ident | "[" string "]")*
 * value   := string | unquoted word
 * </pre>
 * One instance per parse; not thread-safe.
 */
final class FilterParser {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "is", "empty", "contains", "matches");
    private static final java.util.regex.Pattern IDENT = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final String text;
    private final FilterSchema schema;
    private final List<FilterLexer.Token> tokens;
    private int pos;

    FilterParser(String text, FilterSchema schema) {
        this.text = text;
        this.schema = schema;
        this.tokens = FilterLexer.tokenize(text);
    }

    FilterExpression parse() {
        if (peek().kind() == FilterLexer.Kind.END) {
            throw new FilterException(0, "empty expression");
        }
        FilterExpression e = or();
        if (peek().kind() != FilterLexer.Kind.END) {
            throw unexpected("\"and\", \"or\" or the end of the expression");
        }
        return e;
    }

    private FilterExpression or() {
        FilterExpression left = and();
        while (peek().isKeyword("or")) {
            pos++;
            left = new FilterExpression.Or(left, and());
        }
        return left;
    }

    private FilterExpression and() {
        FilterExpression left = unary();
        while (peek().isKeyword("and")) {
            pos++;
            left = new FilterExpression.And(left, unary());
        }
        return left;
    }

    private FilterExpression unary() {
        FilterLexer.Token t = peek();
        if (t.isKeyword("not")) {
            pos++;
            return new FilterExpression.Not(unary());
        }
        if (t.kind() == FilterLexer.Kind.LPAREN) {
            pos++;
            FilterExpression inner = or();
            expect(FilterLexer.Kind.RPAREN, "\")\"");
            return inner;
        }
        return match();
    }

    private FilterExpression match() {
        FilterLexer.Token t = peek();
        boolean valueFirst = t.kind() == FilterLexer.Kind.STRING
                || (t.kind() == FilterLexer.Kind.WORD && !KEYWORDS.contains(t.text())
                    && (peek(1).isKeyword("in") || (peek(1).isKeyword("not") && peek(2).isKeyword("in"))));
        if (valueFirst) {
            String value = value();
            boolean negated = accept("not");
            if (!accept("in")) {
                throw unexpected("\"in\" or \"not in\" after a value");
            }
            List<String> selector = selector();
            return new FilterExpression.Match(selector,
                    negated ? FilterExpression.Operator.NOT_IN : FilterExpression.Operator.IN, value, null);
        }
        List<String> selector = selector();
        FilterLexer.Token op = peek();
        if (op.kind() == FilterLexer.Kind.EQ || op.kind() == FilterLexer.Kind.NE) {
            pos++;
            return new FilterExpression.Match(selector, op.kind() == FilterLexer.Kind.EQ
                    ? FilterExpression.Operator.EQUAL : FilterExpression.Operator.NOT_EQUAL, value(), null);
        }
        if (accept("is")) {
            boolean negated = accept("not");
            if (!accept("empty")) {
                throw unexpected("\"empty\"");
            }
            return new FilterExpression.Match(selector, negated ? FilterExpression.Operator.IS_NOT_EMPTY
                    : FilterExpression.Operator.IS_EMPTY, null, null);
        }
        boolean negated = accept("not");
        if (accept("contains")) {
            return new FilterExpression.Match(selector, negated ? FilterExpression.Operator.NOT_CONTAINS
                    : FilterExpression.Operator.CONTAINS, value(), null);
        }
        if (peek().isKeyword("matches")) {
            pos++;
            int at = peek().offset();
            String re = value();
            Pattern compiled;
            try {
                compiled = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw new FilterException(at, "invalid regular expression \"" + re + "\": " + e.getDescription());
            }
            return new FilterExpression.Match(selector, negated ? FilterExpression.Operator.NOT_MATCHES
                    : FilterExpression.Operator.MATCHES, re, compiled);
        }
        throw unexpected("\"==\", \"!=\", \"is\", \"contains\" or \"matches\" after selector \""
                + String.join(".", selector) + "\"");
    }

    private List<String> selector() {
        FilterLexer.Token t = peek();
        if (t.kind() != FilterLexer.Kind.WORD || KEYWORDS.contains(t.text())) {
            throw unexpected("a selector");
        }
        pos++;
        List<String> path = new ArrayList<>();
        for (String segment : t.text().split("\\.", -1)) {
            if (!IDENT.matcher(segment).matches()) {
                throw new FilterException(t.offset(), "invalid selector \"" + t.text() + "\"");
            }
            path.add(segment);
        }
        while (peek().kind() == FilterLexer.Kind.LBRACKET) {
            pos++;
            FilterLexer.Token key = peek();
            if (key.kind() != FilterLexer.Kind.STRING) {
                throw unexpected("a quoted map key");
            }
            pos++;
            path.add(key.text());
            expect(FilterLexer.Kind.RBRACKET, "\"]\"");
        }
        if (!schema.accepts(path)) {
            throw new FilterException("Selector \"" + String.join(".", path) + "\" is not valid");
        }
        return path;
    }

    private String value() {
        FilterLexer.Token t = peek();
        if (t.kind() == FilterLexer.Kind.STRING || (t.kind() == FilterLexer.Kind.WORD && !KEYWORDS.contains(t.text()))) {
            pos++;
            return t.text();
        }
        throw unexpected("a value");
    }

    private boolean accept(String keyword) {
        if (peek().isKeyword(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(FilterLexer.Kind kind, String what) {
        if (peek().kind() != kind) {
            throw unexpected(what);
        }
        pos++;
    }

    private FilterLexer.Token peek() {
        return tokens.get(Math.min(pos, tokens.size() - 1));
    }

    private FilterLexer.Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private FilterException unexpected(String expected) {
        FilterLexer.Token t = peek();
        String found = t.kind() == FilterLexer.Kind.END ? "end of expression" : "\"" + t.text() + "\"";
        return new FilterException(t.offset(), "unexpected " + found + " (expected: " + expected + ") in \"" + text + "\"");
    }
}

package io.graylane.core.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the compact condition expressions of test tables: {@code allOf(..)}, {@code anyOf(..)},
 * {@code not(..)} over the atoms {@code h} (header X-Group equals beta), {@code c} (cookie uid
 * present) and {@code m} (method POST).
 */
final class ConditionExpressions {

    private final String text;
    private int pos;

    private ConditionExpressions(String text) {
        this.text = text.replace(" ", "");
    }

    static Condition parse(String expression) {
        ConditionExpressions p = new ConditionExpressions(expression);
        Condition c = p.condition();
        if (p.pos != p.text.length()) {
            throw new IllegalArgumentException("trailing text at " + p.pos + ": " + expression);
        }
        return c;
    }

    private Condition condition() {
        if (accept("allOf(")) {
            return new Condition.AllOf(list());
        }
        if (accept("anyOf(")) {
            return new Condition.AnyOf(list());
        }
        if (accept("not(")) {
            Condition inner = condition();
            expect(")");
            return new Condition.Not(inner);
        }
        if (accept("h")) {
            return new Condition.Header("X-Group", new ValueMatch.Equals("beta"));
        }
        if (accept("c")) {
            return new Condition.Cookie("uid", new ValueMatch.Present());
        }
        if (accept("m")) {
            return new Condition.Method(Set.of("POST"));
        }
        throw new IllegalArgumentException("unexpected text at " + pos + ": " + text);
    }

    private List<Condition> list() {
        List<Condition> items = new ArrayList<>();
        if (accept(")")) {
            return items;
        }
        do {
            items.add(condition());
        } while (accept(","));
        expect(")");
        return items;
    }

    private boolean accept(String token) {
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw new IllegalArgumentException("expected " + token + " at " + pos + ": " + text);
        }
    }
}

package io.graylane.gateway.admin;

import io.graylane.gateway.rollback.ConfigHistory;
import io.graylane.gateway.rollback.RollbackResult;
import io.graylane.gateway.run.ConfigRevision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The config history and rollback results as JSON-ready maps, for the admin API. Stateless. */
final class HistoryViews {

    private HistoryViews() {
    }

    /** {@code GET /config/history}: the versions kept, newest first, the serving one marked. */
    static Map<String, Object> history(ConfigHistory history) {
        ConfigRevision current = history.current();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("current", current == null ? null : current.version());
        root.put("origin", current == null ? null : current.origin());
        root.put("entries", entries(history));
        return root;
    }

    /** The versions kept, newest first, as {@code /snapshot} and {@code /config/history} list them. */
    static List<Object> entries(ConfigHistory history) {
        ConfigRevision current = history.current();
        List<Object> out = new ArrayList<>();
        for (ConfigRevision r : history.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", r.version());
            m.put("modifyIndex", r.modifyIndex());
            m.put("hash", r.hash());
            m.put("time", r.time().toString());
            m.put("source", r.source());
            m.put("note", r.note());
            m.put("current", current != null && current.version().equals(r.version()));
            history.badMark(r.hash()).ifPresent(b -> m.put("rolledBackAsBad", b.reason()));
            out.add(m);
        }
        return out;
    }

    /** The HTTP status of a rollback's outcome. */
    static int status(RollbackResult result) {
        if (result instanceof RollbackResult.NotFound) {
            return 404;
        }
        if (result instanceof RollbackResult.Conflict) {
            return 409;
        }
        if (result instanceof RollbackResult.Failed) {
            return 503;
        }
        return 200;
    }

    /** {@code POST /config/rollback}: what the rollback did. */
    static Map<String, Object> result(RollbackResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result instanceof RollbackResult.Written ? "written"
                : result instanceof RollbackResult.Applied ? "applied"
                : result instanceof RollbackResult.Unchanged ? "unchanged"
                : result instanceof RollbackResult.NotFound ? "not found"
                : result instanceof RollbackResult.Conflict ? "conflict" : "failed");
        if (result instanceof RollbackResult.Written w) {
            m.put("from", w.from());
            m.put("to", w.to());
            m.put("index", w.index());
        } else if (result instanceof RollbackResult.Applied a) {
            m.put("from", a.from());
            m.put("to", a.to());
        }
        m.put("message", result.message());
        return m;
    }
}

package io.graylane.consul;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a watch told it. */
final class RecordingListener<T> implements WatchListener<T> {

    final List<T> values = new CopyOnWriteArrayList<>();
    final List<QueryMeta> metas = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(T value, QueryMeta meta) {
        values.add(value);
        metas.add(meta);
    }

    @Override
    public void onError(Throwable error, WatchState state) {
        errors.add(error);
    }
}

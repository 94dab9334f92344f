package io.graylane.spring.task;

import io.graylane.library.context.LaneExecutors;
import org.springframework.core.task.TaskDecorator;

/**
 * A Spring {@link TaskDecorator} that runs each task in the lane bound where it was submitted (and in
 * no lane when none was), restoring the worker thread afterwards — {@link LaneExecutors#wrap(Runnable)}
 * for Spring's executors. Give it to an executor you build yourself with
 * {@code ThreadPoolTaskExecutor.setTaskDecorator} or {@code ThreadPoolTaskExecutorBuilder.taskDecorator}.
 * Stateless and thread-safe.
 */
public final class LaneTaskDecorator implements TaskDecorator {

    @Override
    public Runnable decorate(Runnable runnable) {
        return LaneExecutors.wrap(runnable);
    }

    @Override
    public String toString() {
        return "LaneTaskDecorator";
    }
}

package nl.pwib.engines;

import java.nio.file.Path;
import java.util.List;

/** An embedded BPMN engine as the harness drives it. */
interface Engine extends AutoCloseable {
    String name();

    /** Deploys the files as one deployment; throws with the engine's message when it refuses. */
    void deploy(String name, List<Path> files) throws Exception;

    /** Starts the latest version of a process. */
    void start(String processKey);

    /** Process instances that have not ended (the called ones included). */
    long running();

    /** Ids of the timer jobs waiting now. */
    List<String> timers();

    /** Fires a timer job now. */
    void fire(String jobId);

    /** Activity ids of the timers' boundary events, by job id (for the report). */
    String timerActivity(String jobId);

    /** Ids of the user tasks open now. */
    List<String> tasks();

    void complete(String taskId);

    /** Delivers the message of one waiting receive task of these activities; its id, or null. */
    String receive(java.util.Collection<String> receiveTasks);

    /** Completes one open external task of these topics, as a worker would; false if none. */
    boolean completeExternal(java.util.Collection<String> topics);

    /** Activity ids of everything that ran in the instances since the last {@link #clear()}. */
    List<String> history(String processKey);

    /** Deletes every instance and its history, for the next path. */
    void clear();

    @Override
    void close();
}

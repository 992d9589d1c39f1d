package nl.pwib.engines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.ExclusiveGateway;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.HasExecutionListeners;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.ExecutionListener;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.impl.bpmn.parser.BpmnParse;
import org.flowable.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.flowable.engine.parse.BpmnParseHandler;
import org.flowable.engine.repository.DeploymentBuilder;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;

/** Flowable embedded on in-memory H2, full history, no async executor (timers fired by hand). */
final class FlowableEngine implements Engine {
    private final ProcessEngine engine;

    /** Sets the planned decision variable as a gateway is entered. */
    public static final class GatewayListener implements ExecutionListener {
        @Override
        public void notify(DelegateExecution execution) {
            String[] choice = Plan.enter(Plan.processKey(execution.getProcessDefinitionId()),
                execution.getCurrentActivityId());
            if (choice != null) {
                execution.setVariableLocal(choice[0], choice[1]);
            }
        }
    }

    /** Records a sequence flow taken. */
    public static final class FlowListener implements ExecutionListener {
        @Override
        public void notify(DelegateExecution execution) {
            Plan.took(Plan.processKey(execution.getProcessDefinitionId()),
                execution.getCurrentFlowElement().getId());
        }
    }

    private static final class Hooks implements BpmnParseHandler {
        @Override
        public Collection<Class<? extends BaseElement>> getHandledTypes() {
            return Set.of(ExclusiveGateway.class, SequenceFlow.class);
        }

        @Override
        public void parse(BpmnParse parse, BaseElement element) {
            FlowableListener listener = new FlowableListener();
            listener.setImplementationType(ImplementationType.IMPLEMENTATION_TYPE_CLASS);
            if (element instanceof ExclusiveGateway) {
                listener.setEvent(ExecutionListener.EVENTNAME_START);
                listener.setImplementation(GatewayListener.class.getName());
            } else {
                listener.setEvent(ExecutionListener.EVENTNAME_TAKE);
                listener.setImplementation(FlowListener.class.getName());
            }
            ((HasExecutionListeners) element).getExecutionListeners().add(listener);
        }
    }

    FlowableEngine() {
        StandaloneInMemProcessEngineConfiguration config = new StandaloneInMemProcessEngineConfiguration();
        config.setJdbcUrl("jdbc:h2:mem:flowable;DB_CLOSE_DELAY=-1");
        config.setDatabaseSchemaUpdate("create-drop");
        config.setHistoryLevel(HistoryLevel.FULL);
        config.setAsyncExecutorActivate(false);
        config.setEngineName("pwib-flowable");
        config.setPreBpmnParseHandlers(List.of(new Hooks()));
        engine = config.buildProcessEngine();
    }

    @Override
    public String name() {
        return "flowable";
    }

    @Override
    public void deploy(String name, List<Path> files) throws Exception {
        DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name(name);
        for (Path file : files) {
            builder.addBytes(file.getFileName().toString(), Files.readAllBytes(file));
        }
        builder.deploy();
    }

    @Override
    public void start(String processKey) {
        engine.getRuntimeService().startProcessInstanceByKey(processKey, "pad");
    }

    @Override
    public long running() {
        return engine.getRuntimeService().createProcessInstanceQuery().count();
    }

    @Override
    public List<String> timers() {
        return engine.getManagementService().createTimerJobQuery().list().stream()
            .map(Job::getId).sorted().toList();
    }

    @Override
    public void fire(String jobId) {
        Job job = engine.getManagementService().moveTimerToExecutableJob(jobId);
        engine.getManagementService().executeJob(job.getId());
    }

    @Override
    public String timerActivity(String jobId) {
        Job job = engine.getManagementService().createTimerJobQuery().jobId(jobId).singleResult();
        return job == null ? null : job.getElementId();
    }

    @Override
    public List<String> tasks() {
        return engine.getTaskService().createTaskQuery().orderByTaskId().asc().list().stream()
            .map(t -> t.getId()).toList();
    }

    @Override
    public void complete(String taskId) {
        engine.getTaskService().complete(taskId);
    }

    @Override
    public String receive(Collection<String> receiveTasks) {
        // Flowable's receive task is a wait state the application triggers
        var runtime = engine.getRuntimeService();
        for (String id : receiveTasks) {
            var waiting = runtime.createExecutionQuery().activityId(id).list();
            if (!waiting.isEmpty()) {
                runtime.trigger(waiting.get(0).getId());
                return id;
            }
        }
        return null;
    }

    @Override
    public boolean completeExternal(Collection<String> topics) {
        var management = engine.getManagementService();
        for (String topic : topics) {  // the acquire builder takes one topic
            var jobs = management.createExternalWorkerJobAcquireBuilder()
                .topic(topic, java.time.Duration.ofMinutes(1)).acquireAndLock(1, "pwib-harness");
            if (!jobs.isEmpty()) {
                management.createExternalWorkerCompletionBuilder(jobs.get(0).getId(), "pwib-harness")
                    .complete();
                // the completion continues the process in an async job: run it as the executor would
                for (Job job : management.createJobQuery().list()) {
                    management.executeJob(job.getId());
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> history(String processKey) {
        return engine.getHistoryService().createHistoricActivityInstanceQuery().list().stream()
            .filter(a -> Plan.processKey(a.getProcessDefinitionId()).equals(processKey))
            .map(HistoricActivityInstance::getActivityId).toList();
    }

    @Override
    public void clear() {
        for (ProcessInstance pi : engine.getRuntimeService().createProcessInstanceQuery().list()) {
            if (pi.getSuperExecutionId() == null) {
                engine.getRuntimeService().deleteProcessInstance(pi.getId(), "next path");
            }
        }
        var history = engine.getHistoryService();
        for (HistoricProcessInstance h : history.createHistoricProcessInstanceQuery().list()) {
            // deleting a journey's history deletes that of the tiles it called
            if (history.createHistoricProcessInstanceQuery().processInstanceId(h.getId()).count() > 0) {
                history.deleteHistoricProcessInstance(h.getId());
            }
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}

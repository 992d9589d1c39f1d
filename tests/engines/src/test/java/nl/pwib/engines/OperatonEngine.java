package nl.pwib.engines;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.history.HistoricActivityInstance;
import org.operaton.bpm.engine.history.HistoricProcessInstance;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.pvm.process.TransitionImpl;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.operaton.bpm.engine.repository.DeploymentBuilder;
import org.operaton.bpm.engine.runtime.Job;
import org.operaton.bpm.engine.runtime.ProcessInstance;

/**
 * Operaton (the Camunda 7 fork) embedded on in-memory H2, full history, no job executor (the
 * harness fires timers itself), historyTimeToLive enforced as in a production configuration.
 */
final class OperatonEngine implements Engine {
    private final ProcessEngine engine;

    OperatonEngine() {
        ProcessEngineConfigurationImpl config = new StandaloneInMemProcessEngineConfiguration();
        config.setJdbcUrl("jdbc:h2:mem:operaton;DB_CLOSE_DELAY=-1");
        config.setDatabaseSchemaUpdate("create-drop");
        config.setHistory("full");
        config.setJobExecutorActivate(false);
        config.setEnforceHistoryTimeToLive(true);
        config.setProcessEngineName("pwib-operaton");
        config.setCustomPreBPMNParseListeners(List.of(new BpmnParseListener() {
            @Override
            public void parseExclusiveGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
                activity.addListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) execution -> {
                    String[] choice = Plan.enter(Plan.processKey(execution.getProcessDefinitionId()),
                        execution.getCurrentActivityId());
                    if (choice != null) {
                        execution.setVariableLocal(choice[0], choice[1]);
                    }
                });
            }

            @Override
            public void parseSequenceFlow(Element element, ScopeImpl scope, TransitionImpl transition) {
                transition.addListener(ExecutionListener.EVENTNAME_TAKE, (ExecutionListener) execution ->
                    Plan.took(Plan.processKey(execution.getProcessDefinitionId()),
                        execution.getCurrentTransitionId()));
            }
        }));
        engine = config.buildProcessEngine();
    }

    @Override
    public String name() {
        return "operaton";
    }

    @Override
    public void deploy(String name, List<Path> files) throws Exception {
        DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name(name);
        for (Path file : files) {
            builder.addInputStream(file.getFileName().toString(),
                new ByteArrayInputStream(Files.readAllBytes(file)));
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
        return engine.getManagementService().createJobQuery().timers().list().stream()
            .map(Job::getId).sorted().toList();
    }

    @Override
    public void fire(String jobId) {
        engine.getManagementService().executeJob(jobId);
    }

    @Override
    public String timerActivity(String jobId) {
        Job job = engine.getManagementService().createJobQuery().jobId(jobId).singleResult();
        return job == null ? null : engine.getManagementService()
            .createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult()
            .getActivityId();
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
    public String receive(java.util.Collection<String> receiveTasks) {
        var runtime = engine.getRuntimeService();
        for (var sub : runtime.createEventSubscriptionQuery().eventType("message").list()) {
            if (receiveTasks.contains(sub.getActivityId())) {
                runtime.messageEventReceived(sub.getEventName(), sub.getExecutionId());
                return sub.getActivityId();
            }
        }
        return null;
    }

    @Override
    public boolean completeExternal(java.util.Collection<String> topics) {
        if (topics.isEmpty()) {
            return false;
        }
        var fetch = engine.getExternalTaskService().fetchAndLock(1, "pwib-harness");
        for (String topic : topics) {
            fetch = fetch.topic(topic, 60_000L);
        }
        var locked = fetch.execute();
        if (locked.isEmpty()) {
            return false;
        }
        engine.getExternalTaskService().complete(locked.get(0).getId(), "pwib-harness");
        return true;
    }

    @Override
    public List<String> history(String processKey) {
        return engine.getHistoryService().createHistoricActivityInstanceQuery().list().stream()
            .filter(a -> Plan.processKey(a.getProcessDefinitionId()).equals(processKey))
            .map(HistoricActivityInstance::getActivityId).toList();
    }

    @Override
    public void clear() {
        var runtime = engine.getRuntimeService();
        for (ProcessInstance pi : runtime.createProcessInstanceQuery().list()) {
            if (runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count() > 0) {
                runtime.deleteProcessInstance(pi.getId(), "next path", true, true);
            }
        }
        List<String> done = engine.getHistoryService().createHistoricProcessInstanceQuery().list()
            .stream().map(HistoricProcessInstance::getId).toList();
        if (!done.isEmpty()) {
            engine.getHistoryService().deleteHistoricProcessInstancesIfExists(done);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}

package nl.pwib.engines;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The choices of the path being run, consulted by the engines' gateway listeners the moment a
 * gateway is entered (so a decision variable is set exactly when the engine evaluates it, also on
 * a second visit in a loop), and the record of what the run did. One run at a time: the engines run
 * without job executor, in the test's thread.
 */
final class Plan {
    /** One decision taken: the n-th visit of a gateway of a process chose a flow. */
    record Decision(String processKey, String gatewayId, int visit, String flowId) {}

    private static Map<String, BpmnFile> files = Map.of();
    private static Map<String, String> forced = Map.of();
    private static final Map<String, Integer> visits = new HashMap<>();
    static final List<Decision> decisions = new ArrayList<>();
    /** "processKey/flowId" of every sequence flow taken in this run. */
    static final Set<String> taken = new LinkedHashSet<>();

    private Plan() {}

    static void begin(Map<String, BpmnFile> byProcess, Map<String, String> choices) {
        files = byProcess;
        forced = choices;
        visits.clear();
        decisions.clear();
        taken.clear();
        times.clear();
    }

    static String key(String processKey, String gatewayId, int visit) {
        return processKey + "/" + gatewayId + "#" + visit;
    }

    /** The variable to set and its value when {@code gatewayId} of {@code processKey} is entered. */
    static String[] enter(String processKey, String gatewayId) {
        BpmnFile file = files.get(processKey);
        BpmnFile.Gateway gateway = file == null ? null : file.gateways.get(gatewayId);
        if (gateway == null || gateway.variable() == null) {
            return null;  // a joining gateway, or a decision with only a default flow
        }
        int visit = visits.merge(processKey + "/" + gatewayId, 1, Integer::sum) - 1;
        String flowId = forced.getOrDefault(key(processKey, gatewayId, visit), gateway.exit().flowId());
        BpmnFile.Branch branch = gateway.branches().stream()
            .filter(b -> b.flowId().equals(flowId)).findFirst().orElseThrow();
        decisions.add(new Decision(processKey, gatewayId, visit, flowId));
        return new String[] {gateway.variable(), branch.value()};
    }

    /** Fire a time-out now ("fire") or let its task finish first ("wait"), at its n-th arming. */
    static boolean fires(String processKey, String timerId) {
        int visit = visits.merge(processKey + "/" + timerId, 1, Integer::sum) - 1;
        String choice = forced.getOrDefault(key(processKey, timerId, visit), WAIT);
        decisions.add(new Decision(processKey, timerId, visit, choice));
        return FIRE.equals(choice);
    }

    static final String FIRE = "fire";
    static final String WAIT = "wait";

    /** How often each "processKey/flowId" was taken in this run. */
    static final Map<String, Integer> times = new HashMap<>();

    static void took(String processKey, String flowId) {
        taken.add(processKey + "/" + flowId);
        times.merge(processKey + "/" + flowId, 1, Integer::sum);
    }

    static String processKey(String processDefinitionId) {
        return processDefinitionId.split(":", 2)[0];
    }
}

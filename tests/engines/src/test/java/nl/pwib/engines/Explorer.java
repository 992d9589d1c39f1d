package nl.pwib.engines;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives one file's process down every branch: a path is a set of forced choices (visit n of a
 * gateway takes flow F), every other decision takes the branch closest to an end. After each
 * run, each decision the run took opens a new path that agrees with it up to that decision and
 * then takes a branch not yet covered. User tasks are completed, and every waiting timer fires
 * first (a non-interrupting legal term runs to its own end while the task carries on). A path
 * that leaves an instance with nothing to do is stuck.
 */
final class Explorer {
    static final int MAX_STEPS = 2000;
    static final int MAX_PATHS = 500;

    /** What the engine did with one file. */
    static final class Report {
        final String file;
        boolean deployed;
        String error;
        int paths;
        final Set<String> covered = new LinkedHashSet<>();
        int branches;
        final Set<String> timersFired = new LinkedHashSet<>();
        int timers;
        final Set<String> endsReached = new LinkedHashSet<>();
        int ends;
        final Set<String> received = new LinkedHashSet<>();
        int messages;
        /** Bounded loops walked to their bound, with the pass beyond it refused. */
        final Set<String> loopsBounded = new LinkedHashSet<>();
        int loops;

        Report(String file) {
            this.file = file;
        }

        boolean complete() {
            return deployed && error == null && covered.size() == branches
                && timersFired.size() == timers && endsReached.size() == ends
                && received.size() == messages && loopsBounded.size() == loops;
        }
    }

    private final Engine engine;
    private final Map<String, BpmnFile> byProcess;
    private final Set<String> topics = new LinkedHashSet<>();
    private final Set<String> receives = new LinkedHashSet<>();
    /** Per gateway, the choices of a path that led to its first visit (to walk loops there). */
    private final Map<String, Map<String, String>> reach = new LinkedHashMap<>();

    Explorer(Engine engine, Map<String, BpmnFile> byProcess) {
        this.engine = engine;
        this.byProcess = byProcess;
        byProcess.values().forEach(f -> topics.addAll(f.topics));
        byProcess.values().forEach(f -> receives.addAll(f.receives));
    }

    void explore(BpmnFile file, Report report) {
        report.branches = file.branchCount();
        report.timers = file.timers.size();
        report.ends = file.endEvents.size();
        report.messages = file.receives.size();
        report.loops = file.loops.size();
        String key = file.processId;
        Set<String> queued = new HashSet<>();
        Deque<Map<String, String>> todo = new ArrayDeque<>();
        todo.add(Map.of());
        while (!todo.isEmpty()) {
            if (report.paths >= MAX_PATHS) {
                report.error = "more than " + MAX_PATHS + " paths";
                return;
            }
            Map<String, String> forced = todo.poll();
            Plan.begin(byProcess, forced);
            try {
                run(key, report);
            } catch (RuntimeException | AssertionError e) {
                report.error = "path " + forced + ": " + e;
                engine.clear();
                return;
            }
            report.paths++;
            for (String flow : Plan.taken) {
                if (flow.startsWith(key + "/")) {
                    String flowId = flow.substring(key.length() + 1);
                    for (BpmnFile.Gateway g : file.gateways.values()) {
                        if (g.branches().stream().anyMatch(b -> b.flowId().equals(flowId))) {
                            report.covered.add(g.id() + "->" + flowId);
                        }
                    }
                }
            }
            for (String activity : engine.history(key)) {
                if (file.endEvents.contains(activity)) {
                    report.endsReached.add(activity);
                }
            }
            engine.clear();
            // new paths: agree with this run up to one of its own decisions, then branch off
            List<Plan.Decision> taken = new ArrayList<>(Plan.decisions);
            Map<String, String> prefix = new LinkedHashMap<>();
            for (Plan.Decision d : taken) {
                if (d.processKey().equals(key) && d.visit() == 0) {
                    reach.putIfAbsent(key + "/" + d.gatewayId(), new LinkedHashMap<>(prefix));
                }
                if (d.processKey().equals(key) && file.interrupting.contains(d.gatewayId())) {
                    // a time-out: the other way, fired where it waited, waited where it fired
                    String other = Plan.FIRE.equals(d.flowId()) ? Plan.WAIT : Plan.FIRE;
                    String branch = d.gatewayId() + "#" + d.visit() + "->" + other;
                    // waiting is every path's default: only firing needs a path of its own
                    boolean needed = Plan.FIRE.equals(other)
                        && !report.timersFired.contains(d.gatewayId());
                    if (needed && queued.add(branch)) {
                        Map<String, String> next = new LinkedHashMap<>(prefix);
                        next.put(Plan.key(key, d.gatewayId(), d.visit()), other);
                        todo.add(next);
                    }
                } else if (d.processKey().equals(key) && file.gateways.containsKey(d.gatewayId())) {
                    BpmnFile.Gateway g = file.gateways.get(d.gatewayId());
                    for (BpmnFile.Branch b : g.branches()) {
                        String branch = g.id() + "->" + b.flowId();
                        if (!b.flowId().equals(d.flowId()) && !report.covered.contains(branch)
                                && queued.add(branch)) {
                            Map<String, String> next = new LinkedHashMap<>(prefix);
                            next.put(Plan.key(key, d.gatewayId(), d.visit()), b.flowId());
                            todo.add(next);
                        }
                    }
                }
                prefix.put(Plan.key(d.processKey(), d.gatewayId(), d.visit()), d.flowId());
            }
        }
    }

    /**
     * Walks each bounded loop to its bound: a path that chooses the loop's branch at every visit
     * of its gateway, one more time than the bound; the engine must take it exactly bound times
     * (the guard refuses the pass beyond and the decision follows its other branches).
     */
    void walkLoops(BpmnFile file, Report report) {
        String key = file.processId;
        for (BpmnFile.Loop loop : file.loops) {
            // the way to the loop's gateway, taken again on every pass through the loop
            Map<String, String> forced = new LinkedHashMap<>();
            reach.getOrDefault(key + "/" + loop.gatewayId(), Map.of()).forEach((k, v) -> {
                forced.put(k, v);
                if (k.endsWith("#0")) {
                    for (int visit = 1; visit <= loop.bound(); visit++) {
                        forced.putIfAbsent(k.substring(0, k.length() - 1) + visit, v);
                    }
                }
            });
            for (int visit = 0; visit <= loop.bound(); visit++) {
                forced.put(Plan.key(key, loop.gatewayId(), visit), loop.flowId());
            }
            Plan.begin(byProcess, forced);
            try {
                run(key, report);
            } catch (RuntimeException | AssertionError e) {
                report.error = "loop " + loop.flowId() + " to its bound: " + e;
                engine.clear();
                return;
            }
            int times = Plan.times.getOrDefault(key + "/" + loop.flowId(), 0);
            engine.clear();
            if (times != loop.bound()) {
                report.error = "loop " + loop.flowId() + " taken " + times + " times, bound "
                    + loop.bound();
                return;
            }
            report.loopsBounded.add(loop.flowId());
        }
    }

    private void run(String key, Report report) {
        engine.start(key);
        Set<String> fired = new HashSet<>();
        for (int step = 0; step < MAX_STEPS; step++) {
            if (engine.running() == 0) {
                return;
            }
            List<String> timers = engine.timers().stream().filter(j -> !fired.contains(j)).toList();
            if (!timers.isEmpty()) {
                String job = timers.get(0);
                fired.add(job);
                String activity = engine.timerActivity(job);
                String owner = owner(activity);
                if (owner != null && !Plan.fires(owner, activity)) {
                    continue;  // this path lets the work finish (or the message arrive) first
                }
                engine.fire(job);
                if (activity != null && byProcess.get(key).timers.contains(activity)) {
                    report.timersFired.add(activity);
                }
                continue;
            }
            if (engine.completeExternal(topics)) {
                continue;
            }
            List<String> tasks = engine.tasks();
            if (tasks.isEmpty()) {
                String got = engine.receive(receives);
                if (got != null) {
                    if (byProcess.get(key).receives.contains(got)) {
                        report.received.add(got);
                    }
                    continue;
                }
                throw new AssertionError("stuck: " + engine.running()
                    + " instance(s) running with no open task and no timer");
            }
            engine.complete(tasks.get(0));
        }
        throw new AssertionError("no end after " + MAX_STEPS + " steps");
    }

    /** The process whose time-out this timer is, or null for a non-interrupting term. */
    private String owner(String timerActivity) {
        if (timerActivity == null) {
            return null;
        }
        for (BpmnFile f : byProcess.values()) {
            if (f.interrupting.contains(timerActivity)) {
                return f.processId;
            }
        }
        return null;
    }
}

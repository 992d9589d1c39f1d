package nl.pwib.engines;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the harness needs to know of one generated file, read with the JDK's DOM parser (not with
 * either engine, so both are driven from the same reading): the process, its deciding gateways
 * with the variable and value each branch needs, its end events and its timers.
 */
final class BpmnFile {
    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    /**
     * The condition the Java dialects write: {@code ${route_<blueprint>__<gateway> == "<flow>"}},
     * on a bounded back-branch followed by {@code && <the loop counter is below its bound>},
     * which the engine decides from its own counter.
     */
    private static final Pattern BOUND = Pattern.compile("<\\s*(\\d+)\\s*\\)\\s*}$");
    private static final Pattern CONDITION =
        Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*==\\s*\"([^\"]*)\"\\s*(?:&&[^}]*)?}");
    /** The value a decision variable gets to take the gateway's default flow. */
    static final String DEFAULT_VALUE = "__default__";

    /** One branch out of a deciding gateway. */
    record Branch(String flowId, String target, String value) {}

    /** A bounded back-branch: the engine lets it be taken at most {@code bound} times. */
    record Loop(String gatewayId, String flowId, int bound) {}

    /** A gateway with two or more outgoing flows, the variable it reads, and its branches. */
    record Gateway(String id, String variable, List<Branch> branches, Branch exit) {}

    final Path path;
    final String processId;
    final Map<String, Gateway> gateways = new LinkedHashMap<>();
    final Set<String> endEvents = new LinkedHashSet<>();
    final Set<String> timers = new LinkedHashSet<>();
    final List<Loop> loops = new ArrayList<>();
    /** The timers that interrupt their task (a time-out): firing one is a decision of the path. */
    final Set<String> interrupting = new LinkedHashSet<>();
    /** Receive tasks: the harness delivers their message (or a time-out fires first). */
    final Set<String> receives = new LinkedHashSet<>();
    final Set<String> calledElements = new LinkedHashSet<>();
    /** Topics of the external tasks (a worker completes them). */
    final Set<String> topics = new LinkedHashSet<>();

    BpmnFile(Path path) throws Exception {
        this.path = path;
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(path.toFile());
        NodeList processes = doc.getElementsByTagNameNS(BPMN, "process");
        Element process = null;
        for (int i = 0; i < processes.getLength(); i++) {
            Element p = (Element) processes.item(i);
            if ("true".equals(p.getAttribute("isExecutable"))) {
                if (process != null) {
                    throw new IllegalStateException(path + ": more than one executable process");
                }
                process = p;
            }
        }
        if (process == null) {
            throw new IllegalStateException(path + ": no executable process");
        }
        processId = process.getAttribute("id");
        Map<String, List<Element>> outgoing = new HashMap<>();
        Map<String, List<String>> incoming = new HashMap<>();
        NodeList flows = process.getElementsByTagNameNS(BPMN, "sequenceFlow");
        for (int i = 0; i < flows.getLength(); i++) {
            Element f = (Element) flows.item(i);
            outgoing.computeIfAbsent(f.getAttribute("sourceRef"), k -> new ArrayList<>()).add(f);
            incoming.computeIfAbsent(f.getAttribute("targetRef"), k -> new ArrayList<>())
                .add(f.getAttribute("sourceRef"));
        }
        for (Element e : children(process, "endEvent")) {
            endEvents.add(e.getAttribute("id"));
        }
        for (Element b : children(process, "boundaryEvent")) {
            if (b.getElementsByTagNameNS(BPMN, "timerEventDefinition").getLength() > 0) {
                timers.add(b.getAttribute("id"));
                if (!"false".equals(b.getAttribute("cancelActivity"))) {
                    interrupting.add(b.getAttribute("id"));
                }
            }
        }
        for (String tag : List.of("serviceTask", "sendTask")) {
            for (Element t : children(process, tag)) {
                for (int i = 0; i < t.getAttributes().getLength(); i++) {
                    org.w3c.dom.Node a = t.getAttributes().item(i);
                    if ("topic".equals(a.getLocalName())) {
                        topics.add(a.getNodeValue());
                    }
                }
            }
        }
        for (Element r : children(process, "receiveTask")) {
            receives.add(r.getAttribute("id"));
        }
        for (Element c : children(process, "callActivity")) {
            calledElements.add(c.getAttribute("calledElement"));
        }
        Map<String, Integer> distance = distancesToAnEnd(incoming);
        for (Element g : children(process, "exclusiveGateway")) {
            List<Element> out = outgoing.getOrDefault(g.getAttribute("id"), List.of());
            if (out.size() < 2) {
                continue;
            }
            String variable = null;
            List<Branch> branches = new ArrayList<>();
            for (Element f : out) {
                NodeList cond = f.getElementsByTagNameNS(BPMN, "conditionExpression");
                String value;
                if (cond.getLength() == 0) {
                    if (!f.getAttribute("id").equals(g.getAttribute("default"))) {
                        throw new IllegalStateException(path + ": flow " + f.getAttribute("id")
                            + " has no condition and is not its gateway's default");
                    }
                    value = DEFAULT_VALUE;
                } else {
                    Matcher m = CONDITION.matcher(cond.item(0).getTextContent().trim());
                    if (!m.matches()) {
                        throw new IllegalStateException(path + ": unexpected condition "
                            + cond.item(0).getTextContent());
                    }
                    if (variable != null && !variable.equals(m.group(1))) {
                        throw new IllegalStateException(path + ": gateway " + g.getAttribute("id")
                            + " tests two variables");
                    }
                    variable = m.group(1);
                    value = m.group(2);
                    Matcher bound = BOUND.matcher(cond.item(0).getTextContent().trim());
                    if (bound.find()) {
                        loops.add(new Loop(g.getAttribute("id"), f.getAttribute("id"),
                            Integer.parseInt(bound.group(1))));
                    }
                }
                branches.add(new Branch(f.getAttribute("id"), f.getAttribute("targetRef"), value));
            }
            // the way out: the branch closest to an end, so that a path always finishes
            Branch exit = branches.get(0);
            for (Branch b : branches) {
                if (distance.getOrDefault(b.target(), Integer.MAX_VALUE)
                        < distance.getOrDefault(exit.target(), Integer.MAX_VALUE)) {
                    exit = b;
                }
            }
            gateways.put(g.getAttribute("id"), new Gateway(g.getAttribute("id"), variable, branches, exit));
        }
    }

    /** Branches in total: every flow out of a deciding gateway. */
    int branchCount() {
        return gateways.values().stream().mapToInt(g -> g.branches().size()).sum();
    }

    private Map<String, Integer> distancesToAnEnd(Map<String, List<String>> incoming) {
        Map<String, Integer> distance = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String end : endEvents) {
            distance.put(end, 0);
            queue.add(end);
        }
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String source : incoming.getOrDefault(node, List.of())) {
                if (!distance.containsKey(source)) {
                    distance.put(source, distance.get(node) + 1);
                    queue.add(source);
                }
            }
        }
        return distance;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && BPMN.equals(e.getNamespaceURI())
                    && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }
}

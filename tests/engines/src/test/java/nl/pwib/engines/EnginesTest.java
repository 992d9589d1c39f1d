package nl.pwib.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Deploys every {@code .bpmn} of {@code -Dbpmn.dir} into the engine {@code -Dengine}
 * (operaton | flowable): each file alone, then the whole folder as one deployment (no id may
 * clash), and drives each process down every branch ({@link Explorer}). Writes
 * {@code -Dreport.file} (JSON, per file: deployed, paths, branches covered / total, timers, ends)
 * and fails on any refused deployment, stuck instance or uncovered branch.
 */
class EnginesTest {
    @Test
    void everyFileDeploysAndRunsDownEveryBranch() throws Exception {
        Path dir = Path.of(System.getProperty("bpmn.dir"));
        String which = System.getProperty("engine", "operaton");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no .bpmn files in " + dir);
        Map<String, BpmnFile> byProcess = new LinkedHashMap<>();
        Map<Path, BpmnFile> parsed = new LinkedHashMap<>();
        for (Path file : files) {
            BpmnFile f = new BpmnFile(file);
            parsed.put(file, f);
            assertTrue(byProcess.put(f.processId, f) == null, "two files define " + f.processId);
        }
        List<Explorer.Report> reports = new ArrayList<>();
        String folderError = null;
        try (Engine engine = "flowable".equals(which) ? new FlowableEngine() : new OperatonEngine()) {
            for (Path file : files) {
                Explorer.Report r = new Explorer.Report(file.getFileName().toString());
                try {
                    engine.deploy(r.file, List.of(file));
                    r.deployed = true;
                } catch (Exception e) {
                    r.error = "deployment: " + e.getMessage();
                }
                reports.add(r);
            }
            try {
                engine.deploy("folder", files);
            } catch (Exception e) {
                folderError = e.getMessage();
            }
            Explorer explorer = new Explorer(engine, byProcess);
            for (Explorer.Report r : reports) {
                if (r.deployed) {  // each file alone is deployed: run it even if the folder was refused
                    explorer.explore(parsed.get(dir.resolve(r.file)), r);
                    if (r.error == null) {
                        explorer.walkLoops(parsed.get(dir.resolve(r.file)), r);
                    }
                }
            }
        }
        write(Path.of(System.getProperty("report.file")), which, folderError, reports);
        for (Explorer.Report r : reports) {
            System.out.printf("%s %s: deployed=%s paths=%d branches=%d/%d timers=%d/%d ends=%d/%d%s%n",
                which, r.file, r.deployed, r.paths, r.covered.size(), r.branches, r.timersFired.size(),
                r.timers, r.endsReached.size(), r.ends, r.error == null ? "" : " error=" + r.error);
        }
        assertEquals(null, folderError, "the folder does not deploy as one");
        for (Explorer.Report r : reports) {
            assertTrue(r.complete(), r.file + ": " + (r.error != null ? r.error
                : "covered " + r.covered.size() + "/" + r.branches + " branches, "
                  + r.timersFired.size() + "/" + r.timers + " timers, "
                  + r.endsReached.size() + "/" + r.ends + " ends"));
        }
    }

    private static void write(Path out, String engine, String folderError, List<Explorer.Report> reports)
            throws Exception {
        StringBuilder json = new StringBuilder();
        json.append("{\"engine\": ").append(str(engine)).append(", \"folder_error\": ")
            .append(folderError == null ? "null" : str(folderError)).append(", \"files\": {");
        String sep = "";
        for (Explorer.Report r : reports) {
            json.append(sep).append("\n  ").append(str(r.file)).append(": {")
                .append("\"deployed\": ").append(r.deployed)
                .append(", \"paths\": ").append(r.paths)
                .append(", \"branches_covered\": ").append(r.covered.size())
                .append(", \"branches\": ").append(r.branches)
                .append(", \"timers_fired\": ").append(r.timersFired.size())
                .append(", \"timers\": ").append(r.timers)
                .append(", \"ends_reached\": ").append(r.endsReached.size())
                .append(", \"ends\": ").append(r.ends)
                .append(", \"messages_received\": ").append(r.received.size())
                .append(", \"messages\": ").append(r.messages)
                .append(", \"loops_bounded\": ").append(r.loopsBounded.size())
                .append(", \"loops\": ").append(r.loops)
                .append(", \"error\": ").append(r.error == null ? "null" : str(r.error))
                .append("}");
            sep = ",";
        }
        json.append("\n}}\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json.toString(), StandardCharsets.UTF_8);
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

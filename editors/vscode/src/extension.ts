// VS Code client for the pwib language server (`pwib lsp`, stdio).
//
// The server command is the setting `pwibBlueprint.server.command` (program and arguments as a
// list). Changing it restarts the server; so does the command "PWIB Blueprint: Restart Language
// Server". Highlighting, snippets and brackets work without the server.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

const SECTION = "pwibBlueprint";
const DEFAULT_COMMAND = ["pwib", "lsp"];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

/** The configured server command line, or the default when the setting is empty or malformed. */
export function serverCommand(config: vscode.WorkspaceConfiguration): string[] {
  const value = config.get<unknown>("server.command");
  if (Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === "string" && part !== "")) {
    return value as string[];
  }
  if (typeof value === "string" && value.trim() !== "") {
    // Accept a plain string too ("pwib lsp"), split on whitespace.
    return value.trim().split(/\s+/);
  }
  return DEFAULT_COMMAND;
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const [command, ...args] = serverCommand(config);
  // `transport` stays unset: stdio is used, and no `--stdio` flag is appended.
  const serverOptions: ServerOptions = {
    run: { command, args },
    debug: { command, args },
  };
  output ??= vscode.window.createOutputChannel("PWIB Blueprint", { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "pwib-blueprint" },
      { scheme: "untitled", language: "pwib-blueprint" },
    ],
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.blueprint,pwib.toml}"),
    },
  };
  client = new LanguageClient("pwibBlueprint", "PWIB Blueprint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window
      .showErrorMessage(
        `PWIB Blueprint: could not start the language server (${[command, ...args].join(" ")}): ${message}. ` +
          "Install pwib-dsl or set pwibBlueprint.server.command.",
        "Open Settings",
      )
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server.command`);
        }
      });
    client = undefined;
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand(`${SECTION}.restartServer`, async () => {
      await stopClient();
      await startClient();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration(`${SECTION}.server.command`)) {
        await stopClient();
        await startClient();
      }
    }),
    { dispose: () => void stopClient() },
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

// A black-box client of Atelier's MCP server, built on the official MCP TypeScript SDK.
// It connects with a bearer credential, uses the tools the way an MCP host would, and prints
// one JSON document of what it saw on its last line of output, for McpClientIT to check.
//
// Environment: ATELIER_MCP_URL (the /mcp endpoint), ATELIER_MCP_TOKEN (an access token or an
// API key), ATELIER_MCP_PROJECT (a project id), ATELIER_MCP_AGENT (an agent with list_files).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = new URL(process.env.ATELIER_MCP_URL);
const token = process.env.ATELIER_MCP_TOKEN;
const project = process.env.ATELIER_MCP_PROJECT;
const agent = process.env.ATELIER_MCP_AGENT;

const transport = new StreamableHTTPClientTransport(url, {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "atelier-sdk-check", version: "1.0.0" });
const out = {};

async function call(name, args, options) {
  return client.callTool({ name, arguments: args }, undefined, options);
}

await client.connect(transport);
out.server = client.getServerVersion();
out.protocol_version = transport.protocolVersion ?? null;
out.session = typeof transport.sessionId === "string" && transport.sessionId.length > 0;
out.capabilities = client.getServerCapabilities();
await client.ping();

const listed = await client.listTools();
out.tools = listed.tools.map((t) => t.name).sort();
out.with_output_schema = listed.tools.filter((t) => t.outputSchema).length;

// files: the SDK checks every structured result against the tool's output schema
const written = await call("write_file", {
  project_id: project,
  path: "notes/hello.txt",
  content: "Hello from the MCP SDK",
});
out.written = written.structuredContent;
out.read = (await call("read_file", { project_id: project, path: "notes/hello.txt" })).structuredContent;
out.files = (await call("list_files", { project_id: project, recursive: true })).structuredContent;
out.missing = await call("read_file", { project_id: project, path: "notes/absent.txt" });

// a run started and read back
const started = (await call("start_run", { agent, message: "say hello", project_id: project }))
  .structuredContent;
out.started = started;
let run = null;
for (let i = 0; i < 300; i++) {
  run = (await call("get_run", { run_id: started.run_id })).structuredContent;
  if (["succeeded", "failed", "cancelled"].includes(run.status)) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
out.run = run;
out.runs = (await call("list_runs", { agent })).structuredContent;

// the "chat" of an MCP host: run and wait, with progress notifications
const progress = [];
const answered = await call(
  "run_agent",
  { agent, message: "list files", project_id: project, wait_seconds: 60 },
  { onprogress: (p) => progress.push(p) }
);
out.answer = answered.content[0].text;
out.answered = answered.structuredContent;
out.progress = progress;

// a protocol error surfaces as an McpError with the JSON-RPC code
try {
  await call("get_agent", {});
  out.invalid_params = null;
} catch (e) {
  out.invalid_params = e.code;
}

await transport.terminateSession();
out.session_after_delete = transport.sessionId ?? null;
await client.close();
console.log(JSON.stringify(out));

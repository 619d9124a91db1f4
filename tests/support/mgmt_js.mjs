// The AWS SDK for JavaScript v3 as a client of the emulator's Management API (installed in tests/js by
// scripts/setup). Prints one JSON object per step, like mgmt_boto3.py.
//
// usage: node mgmt_js.mjs ENDPOINT ID GONE_ID basic|limit
import { createRequire } from "node:module";

const require = createRequire(new URL("../js/package.json", import.meta.url));
const sdk = require("@aws-sdk/client-apigatewaymanagementapi");
const {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  LimitExceededException,
  ForbiddenException,
} = sdk;

const [endpoint, id, goneId, mode] = process.argv.slice(2);
const client = new ApiGatewayManagementApiClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "testlocal", secretAccessKey: "testlocal" },
  maxAttempts: 1,
});
const typed = [GoneException, PayloadTooLargeException, LimitExceededException, ForbiddenException];

async function step(name, fn) {
  let out;
  try {
    out = { step: name, ok: true, ...((await fn()) || {}) };
  } catch (e) {
    out = {
      step: name,
      error: e.name,
      typed: typed.some((t) => e instanceof t),
      status: e.$metadata?.httpStatusCode,
      detail: String(e.message),
    };
  }
  console.log(JSON.stringify(out));
}

const enc = new TextEncoder();
const post = (cid, data) => client.send(new PostToConnectionCommand({ ConnectionId: cid, Data: enc.encode(data) }));

if (mode === "basic") {
  await step("post", async () => { await post(id, "from js"); });
  await step("get", async () => {
    const r = await client.send(new GetConnectionCommand({ ConnectionId: id }));
    return { connectedAt: r.ConnectedAt.toISOString(), lastActiveAt: r.LastActiveAt.toISOString(), sourceIp: r.Identity?.SourceIp };
  });
  await step("gone", async () => { await post(goneId, "x"); });
  await step("too_large", async () => { await post(id, "x".repeat(131073)); });
} else if (mode === "limit") {
  await step("first", async () => { await post(id, "one"); });
  await step("second", async () => { await post(id, "two"); });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

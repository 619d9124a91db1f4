// Seed 000's broadcast, as its article writes it: the AWS SDK for JavaScript v3, the group's connection
// ids from one Query on the group GSI (lib-dynamodb), then chunks of 50 pushes in Promise.all, each push
// through pushToClient (a new ApiGatewayManagementApiClient per call; GoneException -> delete the row;
// any other error is caught per connection by broadcastToGroup and logged with console.error).
//
// Changes from the article, all needed to run it against the local emulator and to measure it:
// endpoints, table and index names are parameters (the emulator's recorder names its GSI groupId-index,
// the article GroupIdIndex); failures are also counted; the summary is one JSON line on stdout.
// --paginate follows LastEvaluatedKey (the article reads only the first 1 MB page of the Query).
// --shared-client makes one ApiGatewayManagementApiClient for every push instead of one per push (the
// article's client per call opens a new keep-alive connection per push and never reuses or closes it:
// 10,000 pushes hold 10,000 sockets open on both ends).
//
// usage: node bench/broadcast_seed000.mjs --endpoint URL --dynamodb-endpoint URL --table T
//          [--index groupId-index] --group G --message TEXT [--paginate] [--shared-client]
// Run it with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION set (any values for the emulator).
// The SDK comes from tests/js/node_modules (npm install --prefix tests/js).

import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "js", "package.json"));
const {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
  GoneException,
} = require("@aws-sdk/client-apigatewaymanagementapi");
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, QueryCommand, DeleteCommand } = require("@aws-sdk/lib-dynamodb");

function parseArgs(argv) {
  const a = { index: "groupId-index", paginate: false, sharedClient: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === "--paginate") a.paginate = true;
    else if (k === "--shared-client") a.sharedClient = true;
    else if (k.startsWith("--")) a[k.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = argv[++i];
  }
  for (const k of ["endpoint", "dynamodbEndpoint", "table", "group", "message"]) {
    if (a[k] === undefined) {
      console.error(`missing --${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`);
      process.exit(2);
    }
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const TABLE = args.table;
let failed = 0;
let pushed = 0;
let gone = 0;
const failureKinds = {};

// --- the article's src/utils/socketPush.ts ------------------------------------------------------
const client = new DynamoDBClient({ endpoint: args.dynamodbEndpoint });
const docClient = DynamoDBDocumentClient.from(client);

let shared = null;
const pushToClient = async (connectionId, payload, endpointUrl) => {
  const wsClient = args.sharedClient
    ? (shared ??= new ApiGatewayManagementApiClient({ endpoint: endpointUrl }))
    : new ApiGatewayManagementApiClient({
      endpoint: endpointUrl,
    });
  try {
    // AWS SDK v3 requires Data to be a Uint8Array
    await wsClient.send(new PostToConnectionCommand({
      ConnectionId: connectionId,
      Data: new TextEncoder().encode(JSON.stringify(payload)),
    }));
    pushed++;
  } catch (error) {
    if (error instanceof GoneException) {
      gone++;
      console.warn(`Connection ${connectionId} is stale. Removing.`);
      await docClient.send(new DeleteCommand({
        TableName: TABLE,
        Key: { connectionId },
      }));
    } else {
      throw error;
    }
  }
};

// --- the article's src/services/broadcaster.ts ---------------------------------------------------
const CHUNK_SIZE = 50;

let queried = 0;
const broadcastToGroup = async (groupId, message, endpointUrl) => {
  // 1. Fetch all connection IDs for the group using the GSI
  let connections = [];
  let ExclusiveStartKey;
  do {
    const result = await docClient.send(new QueryCommand({
      TableName: TABLE,
      IndexName: args.index,
      KeyConditionExpression: "groupId = :groupId",
      ExpressionAttributeValues: { ":groupId": groupId },
      ExclusiveStartKey,
    }));
    connections = connections.concat(result.Items || []);
    ExclusiveStartKey = args.paginate ? result.LastEvaluatedKey : undefined;
  } while (ExclusiveStartKey);
  queried = connections.length;

  // 2. Chunk the connections to prevent memory exhaustion and respect rate limits
  for (let i = 0; i < connections.length; i += CHUNK_SIZE) {
    const chunk = connections.slice(i, i + CHUNK_SIZE);
    // 3. Fire parallel requests to API Gateway
    const pushPromises = chunk.map((conn) =>
      pushToClient(conn.connectionId, message, endpointUrl)
        // Catch individual errors so one failed connection doesn't break the chunk
        .catch((err) => {
          failed++;
          const kind = err?.name || String(err);
          failureKinds[kind] = (failureKinds[kind] || 0) + 1;
          console.error(`Failed to push to ${conn.connectionId}`, kind, err?.message);
        })
    );
    await Promise.all(pushPromises);
  }
};

const t0 = performance.now();
let error = null;
try {
  await broadcastToGroup(args.group, { type: "bench", message: args.message }, args.endpoint);
} catch (e) {
  error = `${e?.name}: ${e?.message}`;
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({
  approach: "seed000-js-v3-chunked",
  paginate: args.paginate,
  shared_client: args.sharedClient,
  queried,
  delivered: pushed,
  gone,
  failed,
  failure_kinds: failureKinds,
  error,
  seconds,
}) + "\n");
// Idle keep-alive sockets of the per-call clients would keep the process alive.
process.exit(error ? 1 : 0);

// The fair floor for `initRatioVsFloor`: a Hono handler that reads one DynamoDB item through the
// document client, bundled exactly as the riia functions are.
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono();
app.get("/item/:id", async (c) => {
  const out = await doc.send(new GetCommand({ TableName: process.env.TABLE, Key: { pk: c.req.param("id"), sk: "x" } }));
  return c.json(out.Item ?? {});
});
export const handler = handle(app);

import type { Template } from "aws-cdk-lib/assertions";

interface CfnResource {
  Properties: Record<string, unknown>;
}

/** The logical id a `Ref` or `Fn::GetAtt` names, if the value is one. */
function refOf(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { Ref?: string; "Fn::GetAtt"?: [string, string] };
  return v.Ref ?? v["Fn::GetAtt"]?.[0];
}

/**
 * A synthesised REST API's routes, read back from its resources and methods: `"<METHOD> <path>"` → the logical id
 * of the Lambda function its proxy integration invokes.
 */
export function restApiRoutes(t: Template): Record<string, string> {
  const resources = t.findResources("AWS::ApiGateway::Resource") as Record<string, CfnResource>;
  const pathOf = (resourceId: unknown): string => {
    const ref = (resourceId as { Ref?: string }).Ref;
    // The root resource is `Fn::GetAtt: [RestApi, RootResourceId]`.
    if (!ref) return "";
    const r = resources[ref];
    if (!r) throw new Error(`no resource ${ref}`);
    return `${pathOf(r.Properties.ParentId)}/${String(r.Properties.PathPart)}`;
  };
  const routes: Record<string, string> = {};
  for (const method of Object.values(t.findResources("AWS::ApiGateway::Method") as Record<string, CfnResource>)) {
    const uri = JSON.stringify((method.Properties.Integration as { Uri?: unknown } | undefined)?.Uri ?? null);
    const fn = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(uri)?.[1];
    if (!fn || refOf(method.Properties.ResourceId) === undefined) continue;
    routes[`${String(method.Properties.HttpMethod)} ${pathOf(method.Properties.ResourceId) || "/"}`] = fn;
  }
  return routes;
}

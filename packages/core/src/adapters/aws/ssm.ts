/**
 * Read SSM parameters (decrypted) once, at start-up. The SSM SDK is imported only when a value
 * really lives in SSM (the app secret on AWS), so local runs, tests and the init bench never load it.
 */
export async function readSsmParameters(
  names: string[],
  region: string | undefined,
): Promise<{ values: Record<string, string>; missing: string[] }> {
  if (names.length === 0) return { values: {}, missing: [] };
  const { SSMClient, GetParametersCommand } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({ region });
  const values: Record<string, string> = {};
  const missing: string[] = [];
  // GetParameters takes at most 10 names per call.
  for (let i = 0; i < names.length; i += 10) {
    const out = await ssm.send(new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }));
    for (const p of out.Parameters ?? []) if (p.Name && p.Value !== undefined) values[p.Name] = p.Value;
    missing.push(...(out.InvalidParameters ?? []));
  }
  ssm.destroy();
  return { values, missing };
}

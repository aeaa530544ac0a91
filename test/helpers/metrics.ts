/** One unlabelled figure from a running server's Prometheus endpoint (NaN when it is not there). */
export async function readMetric(serverUrl: string, token: string, name: string): Promise<number> {
  const res = await fetch(`${serverUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const match = new RegExp(`^${name} (\\S+)`, 'm').exec(await res.text());
  return Number(match?.[1] ?? NaN);
}

/**
 * A cookie jar for one run, per host: enough for the cookie gates government sites put in front of a
 * section (the first request answered 302 + Set-Cookie to the same URL). Names and values only:
 * attributes (Path, Expires …) are not needed to pass a gate, and nothing is kept after the run.
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  /** The Cookie header to send to a URL's host, or null. */
  header(url: URL): string | null {
    const cookies = this.byHost.get(url.host);
    if (!cookies?.size) return null;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keep the cookies a response set; true when the jar changed. */
  store(url: URL, setCookies: string[]): boolean {
    let changed = false;
    for (const line of setCookies) {
      const pair = line.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let cookies = this.byHost.get(url.host);
      if (!cookies) this.byHost.set(url.host, (cookies = new Map()));
      if (cookies.get(name) === value) continue;
      cookies.set(name, value);
      changed = true;
    }
    return changed;
  }
}

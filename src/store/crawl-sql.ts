/**
 * Every statement of the crawl's state (runs, queue, claims, host leases, robots.txt answers), in
 * SQLite's words like WRITE_SQL, which includes them: the PostgreSQL store translates the same texts
 * (dialect.ts). Times of claims and leases are milliseconds read from the database's own clock,
 * `jixiao_now_ms()`, so crawlers on several machines agree on them whatever their own clocks say.
 */
export const CRAWL_SQL = {
  unfinishedRuns: 'SELECT id, plan_json FROM crawl_runs WHERE finished_at IS NULL ORDER BY id DESC',
  liveWorkersOfRun: 'SELECT count(*) AS n FROM crawl_workers WHERE run_id = ? AND alive_until >= jixiao_now_ms()',
  closeRun: 'UPDATE crawl_runs SET finished_at = ? WHERE id = ?',
  newRun: 'INSERT INTO crawl_runs (started_at, plan_json) VALUES (?, ?)',
  finishRun: `UPDATE crawl_runs SET finished_at = @finished_at, new = @new, changed = @changed, unchanged = @unchanged, failed = @failed,
       summary_json = @summary, report_json = @report
     WHERE id = @id`,

  joinRun: `INSERT OR REPLACE INTO crawl_workers (worker, run_id, host_name, pid, started_at, alive_until)
     VALUES (@worker, @run_id, @host_name, @pid, @started_at, jixiao_now_ms() + @claim_ms)`,
  /** A worker that left stays listed, with when it left: which crawlers worked on a run. */
  leaveRun: 'UPDATE crawl_workers SET alive_until = min(alive_until, jixiao_now_ms()) WHERE worker = ?',
  keepAlive: 'UPDATE crawl_workers SET alive_until = jixiao_now_ms() + @claim_ms WHERE worker = @worker',
  renewClaims: `UPDATE crawl_queue SET claimed_until = jixiao_now_ms() + @claim_ms WHERE claimed_by = @worker AND state = 'pending'`,
  workersOfRun: 'SELECT worker, host_name, pid, alive_until < jixiao_now_ms() AS expired FROM crawl_workers WHERE run_id = ?',
  releaseClaims: `UPDATE crawl_queue SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND state = 'pending'`,
  releaseHosts: 'UPDATE crawl_hosts SET holder = NULL, held_until = NULL WHERE holder = ?',

  countForSite: 'SELECT count(*) AS n FROM crawl_queue WHERE run_id = ? AND site = ?',
  queueRow: 'SELECT * FROM crawl_queue WHERE run_id = ? AND url = ?',
  enqueue: `INSERT OR IGNORE INTO crawl_queue (run_id, site, host, url, referrer_url, link_text, published_at, state)
     VALUES (@run_id, @site, @host, @url, @referrer_url, @link_text, @published_at, 'pending')`,
  /** The first pending URL of a host that no live worker holds, claimed (PostgreSQL's text in CRAWL_SQL_POSTGRES). */
  claim: `UPDATE crawl_queue SET claimed_by = @worker, claimed_until = jixiao_now_ms() + @claim_ms
     WHERE id = (SELECT id FROM crawl_queue
                 WHERE run_id = @run_id AND host = @host AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < jixiao_now_ms())
                 ORDER BY id LIMIT 1)
     RETURNING id, site, host, url, referrer_url, link_text, published_at`,
  claimableHosts: `SELECT DISTINCT host FROM crawl_queue
     WHERE run_id = ? AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < jixiao_now_ms()) ORDER BY host`,
  pendingCount: `SELECT count(*) AS n FROM crawl_queue WHERE run_id = ? AND state = 'pending'`,
  finishQueued: `UPDATE crawl_queue SET state = @state, outcome = @outcome, reason = @reason, error_kind = @error_kind, document_id = @document_id
     WHERE id = @id`,
  runRows: 'SELECT * FROM crawl_queue WHERE run_id = ? ORDER BY id',
  progress: `SELECT count(*) AS total, coalesce(sum(CASE WHEN state <> 'pending' THEN 1 ELSE 0 END), 0) AS done,
       coalesce(sum(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) AS failed FROM crawl_queue WHERE run_id = ?`,

  validators: 'SELECT * FROM crawl_validators WHERE url = ?',
  remember: `INSERT OR REPLACE INTO crawl_validators (url, etag, last_modified, sha256, final_url, fetched_at, published_at, links_json)
     VALUES (@url, @etag, @last_modified, @sha256, @final_url, @fetched_at, @published_at, @links_json)`,
  documentBySha: 'SELECT id, status, error FROM documents WHERE sha256 = ?',
  documentAtUrl: 'SELECT id FROM documents WHERE url = ? LIMIT 1',
  currentDocumentAtUrl: 'SELECT id, status, error FROM documents WHERE url = ? AND is_current = 1 LIMIT 1',

  addHost: 'INSERT OR IGNORE INTO crawl_hosts (host, free_at) VALUES (?, 0)',
  /** The host taken when nobody holds it (or the holder's lease ran out) and its pause since the last request is over. */
  takeHost: `UPDATE crawl_hosts SET holder = @worker, held_until = jixiao_now_ms() + @lease_ms
     WHERE host = @host AND (holder IS NULL OR held_until < jixiao_now_ms()) AND free_at <= jixiao_now_ms()
     RETURNING host`,
  hostWait: `SELECT CASE WHEN holder IS NOT NULL AND held_until > free_at THEN held_until ELSE free_at END - jixiao_now_ms() AS wait_ms, holder
     FROM crawl_hosts WHERE host = ?`,
  freeHost: `UPDATE crawl_hosts SET holder = NULL, held_until = NULL, free_at = jixiao_now_ms() + @delay_ms WHERE host = @host AND holder = @worker`,

  robotsAnswer: 'SELECT answer_json FROM crawl_robots WHERE run_id = ? AND origin = ?',
  saveRobotsAnswer: 'INSERT OR IGNORE INTO crawl_robots (run_id, origin, answer_json) VALUES (?, ?, ?)',

  failureHistory: `SELECT q.state, r.started_at FROM crawl_queue q JOIN crawl_runs r ON r.id = q.run_id
     WHERE q.url = ? AND q.run_id < ? AND r.finished_at IS NOT NULL ORDER BY q.run_id DESC`,
  reportsOfDocument: 'SELECT department, year, kind FROM reports WHERE document_id = ? ORDER BY id',
  earlierRunSummaries: 'SELECT summary_json FROM crawl_runs WHERE id < ? AND finished_at IS NOT NULL ORDER BY id DESC',
};

/**
 * Where PostgreSQL needs its own text: a claim skips the rows another crawler is claiming at this
 * moment (FOR UPDATE SKIP LOCKED) instead of waiting for them; SQLite has one writer at a time, so
 * its claims never meet.
 */
export const CRAWL_SQL_POSTGRES: Partial<Record<keyof typeof CRAWL_SQL, string>> = {
  claim: CRAWL_SQL.claim.replace('ORDER BY id LIMIT 1)', 'ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)'),
};

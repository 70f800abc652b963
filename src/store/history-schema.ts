// The history database's schema, as numbered migrations. PRAGMA user_version holds the number applied;
// a database from a newer swarmbench is refused rather than altered.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,
    git_sha       TEXT,
    git_branch    TEXT,
    git_dirty     INTEGER,
    rounds        INTEGER NOT NULL,
    node          TEXT NOT NULL,
    os            TEXT NOT NULL,
    cpu_model     TEXT NOT NULL,
    module_runner INTEGER NOT NULL,
    meta_json     TEXT NOT NULL
  );
  CREATE INDEX runs_by_time ON runs (created_at);
  CREATE INDEX runs_by_branch ON runs (git_branch, created_at);

  CREATE TABLE benchmarks (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    project TEXT NOT NULL,
    file    TEXT NOT NULL,
    test    TEXT NOT NULL,
    grp     TEXT,
    bench   TEXT
  );

  -- Which benchmarks a run holds, with per-run settings such as threshold overrides.
  CREATE TABLE run_benchmarks (
    run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    benchmark_id    INTEGER NOT NULL REFERENCES benchmarks (id),
    thresholds_json TEXT,
    PRIMARY KEY (run_id, benchmark_id)
  );
  CREATE INDEX run_benchmarks_by_benchmark ON run_benchmarks (benchmark_id);

  -- One row per benchmark per round (process run); latency in milliseconds.
  CREATE TABLE results (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    benchmark_id    INTEGER NOT NULL REFERENCES benchmarks (id),
    round           INTEGER NOT NULL,
    n               INTEGER NOT NULL,
    mean_ms         REAL NOT NULL,
    min_ms          REAL NOT NULL,
    max_ms          REAL NOT NULL,
    p50_ms          REAL NOT NULL,
    p75_ms          REAL NOT NULL,
    p99_ms          REAL NOT NULL,
    sd_ms           REAL NOT NULL,
    rme_pct         REAL NOT NULL,
    throughput_mean REAL NOT NULL,
    UNIQUE (run_id, benchmark_id, round)
  );
  CREATE INDEX results_by_benchmark ON results (benchmark_id, run_id);

  -- Raw latency samples (ms) as little-endian float64, sorted ascending; total > count when capped.
  CREATE TABLE samples (
    result_id INTEGER PRIMARY KEY REFERENCES results (id) ON DELETE CASCADE,
    count     INTEGER NOT NULL,
    total     INTEGER NOT NULL,
    data      BLOB NOT NULL
  );

  CREATE TABLE metrics (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    benchmark_id INTEGER NOT NULL REFERENCES benchmarks (id),
    round        INTEGER NOT NULL,
    name         TEXT NOT NULL,
    value        REAL NOT NULL,
    unit         TEXT NOT NULL,
    better       TEXT NOT NULL CHECK (better IN ('lower', 'higher')),
    kind         TEXT NOT NULL,
    estimate     TEXT,
    samples      BLOB,
    UNIQUE (run_id, benchmark_id, name, round)
  );
  CREATE INDEX metrics_by_benchmark ON metrics (benchmark_id, name, run_id);
  `,
  // The diff each run got when it ran, against the baseline of that moment: the verdicts that trends mark, and
  // the base's identity, whose changes from run to run are the baseline promotions. base_run_id is the history
  // run the base was (matched by time and commit when stored), null when the base never entered this history.
  `
  CREATE TABLE comparisons (
    run_id          INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    base_created_at TEXT NOT NULL,
    base_sha        TEXT,
    base_branch     TEXT,
    base_run_id     INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    comparison_json TEXT NOT NULL
  );
  CREATE INDEX comparisons_by_base ON comparisons (base_run_id);
  `,
  // 3: where each figure comes from (absent = measured). Schema 1's free-text `estimate` becomes
  // provenance 'estimate' with the text as its how, and the column goes: one way to say what a figure is.
  `
  ALTER TABLE metrics ADD COLUMN provenance_kind TEXT;
  ALTER TABLE metrics ADD COLUMN provenance_how TEXT;
  UPDATE metrics SET provenance_kind = 'estimate', provenance_how = NULLIF(estimate, '') WHERE estimate IS NOT NULL;
  ALTER TABLE metrics DROP COLUMN estimate;
  -- the provenance of an entry's own timing
  ALTER TABLE run_benchmarks ADD COLUMN provenance_kind TEXT;
  ALTER TABLE run_benchmarks ADD COLUMN provenance_how TEXT;
  `,
  // 4: a rate's raw counts (value = successes / trials), so that a rate re-read from the history is still judged
  // by its exact test. Both NULL for every other metric and for rows stored before.
  `
  ALTER TABLE metrics ADD COLUMN successes INTEGER;
  ALTER TABLE metrics ADD COLUMN trials INTEGER;
  `,
  // 5: each branch's shared baseline (a run of this history), changed only by a compare-and-set on version.
  // Pruning keeps these runs.
  `
  CREATE TABLE baselines (
    branch      TEXT PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    version     INTEGER NOT NULL,
    promoted_at TEXT NOT NULL
  );
  `,
]

export const HISTORY_SCHEMA_VERSION = MIGRATIONS.length

import type Database from 'better-sqlite3';

/**
 * Prepared statements by SQL text. Preparing parses and plans the SQL and allocates native
 * memory that is only returned when the collector finalizes the statement; per query that
 * cost more than the query itself and left the process's native heap fragmented. The SQL
 * texts are fixed strings or a few column-list variants, so the cache stays small; the bound
 * is a guard, not a policy.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly limit = 500,
  ) {}

  prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= this.limit) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

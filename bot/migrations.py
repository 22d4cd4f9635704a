"""Numbered schema migrations, applied in order when the store opens."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

migrations = Migrations("emptychair")


def known_names() -> list[str]:
    """Names of every migration this version knows, in order (all pending on an empty db)."""
    return [m.name for m in migrations.pending(Database(memory=True, execute_plugins=False))]


def run_script(db: Database, script: str) -> None:
    """Run SQL statements one by one inside the caller's transaction.

    `executescript` would commit the open transaction first, so a failed migration
    could leave half a schema behind.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending[:80]!r}")


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    """Principles, feedback, decisions with evidence and history, search index."""
    run_script(
        db,
        """
        CREATE TABLE principles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            attribution TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'en',
            active INTEGER NOT NULL DEFAULT 1,
            builtin_key TEXT,
            title_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX principles_tenant_title ON principles(tenant, title_key);
        CREATE INDEX principles_tenant_active ON principles(tenant, active);

        CREATE TABLE tenant_state (
            tenant TEXT PRIMARY KEY,
            principles_seeded_at TEXT
        );

        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            text TEXT NOT NULL,
            customer TEXT,
            segment TEXT,
            source TEXT,
            url TEXT,
            sentiment TEXT,
            sentiment_given INTEGER NOT NULL DEFAULT 0,
            language TEXT,
            captured_by TEXT,
            created_at TEXT,
            added_at TEXT NOT NULL,
            external_id TEXT,
            dedupe_key TEXT NOT NULL
        );
        CREATE UNIQUE INDEX feedback_tenant_dedupe ON feedback(tenant, dedupe_key);
        CREATE INDEX feedback_tenant_customer ON feedback(tenant, customer);

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL,
            title TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            options TEXT NOT NULL DEFAULT '[]',
            decision TEXT NOT NULL,
            customer_impact TEXT NOT NULL,
            door TEXT NOT NULL DEFAULT 'two-way',
            owner TEXT,
            participants TEXT NOT NULL DEFAULT '[]',
            review_on TEXT,
            status TEXT NOT NULL DEFAULT 'decided',
            superseded_by INTEGER REFERENCES decisions(id),
            outcome TEXT,
            platform TEXT NOT NULL DEFAULT 'cli',
            channel_id TEXT,
            channel_name TEXT,
            channel_private INTEGER NOT NULL DEFAULT 0,
            permalink TEXT,
            session_id INTEGER,
            created_by TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            idempotency_key TEXT,
            search_text TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX decisions_tenant_idem ON decisions(tenant, idempotency_key);
        CREATE INDEX decisions_tenant_created ON decisions(tenant, created_at);

        CREATE TABLE decision_evidence (
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            kind TEXT NOT NULL CHECK (kind IN ('principle', 'feedback', 'decision')),
            ref_id INTEGER NOT NULL,
            PRIMARY KEY (decision_id, kind, ref_id)
        );
        CREATE INDEX decision_evidence_ref ON decision_evidence(kind, ref_id);

        CREATE TABLE decision_history (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            at TEXT NOT NULL,
            actor TEXT,
            action TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX decision_history_decision ON decision_history(decision_id);

        -- Decision history is append-only: the database itself refuses edits.
        CREATE TRIGGER decision_history_no_update BEFORE UPDATE ON decision_history
        BEGIN SELECT RAISE(ABORT, 'decision history is append-only'); END;
        CREATE TRIGGER decision_history_no_delete BEFORE DELETE ON decision_history
        BEGIN SELECT RAISE(ABORT, 'decision history is append-only'); END;

        CREATE VIRTUAL TABLE decisions_fts USING fts5(
            search_text, content='decisions', content_rowid='id', tokenize='ascii'
        );
        CREATE TRIGGER decisions_fts_ai AFTER INSERT ON decisions BEGIN
            INSERT INTO decisions_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END;
        CREATE TRIGGER decisions_fts_ad AFTER DELETE ON decisions BEGIN
            INSERT INTO decisions_fts(decisions_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END;
        CREATE TRIGGER decisions_fts_au AFTER UPDATE OF search_text ON decisions BEGIN
            INSERT INTO decisions_fts(decisions_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
            INSERT INTO decisions_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END;

        -- Search index: immutable segments of postings plus a small pending delta.
        CREATE TABLE search_stats (
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            n_docs INTEGER NOT NULL DEFAULT 0,
            total_len INTEGER NOT NULL DEFAULT 0,
            pending_docs INTEGER NOT NULL DEFAULT 0,
            avgdl REAL NOT NULL DEFAULT 0,
            generation INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, kind)
        );
        CREATE TABLE search_segments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            n_docs INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            -- Unique across databases: the in-process postings cache is keyed by it.
            uid TEXT NOT NULL,
            docmap BLOB NOT NULL,
            lens BLOB NOT NULL
        );
        CREATE INDEX search_segments_tenant ON search_segments(tenant, kind);
        CREATE TABLE search_postings (
            segment_id INTEGER NOT NULL REFERENCES search_segments(id),
            term TEXT NOT NULL,
            df INTEGER NOT NULL,
            max_impact REAL NOT NULL,
            positions BLOB NOT NULL,
            impacts BLOB NOT NULL
        );
        CREATE UNIQUE INDEX search_postings_term ON search_postings(term, segment_id);
        CREATE INDEX search_postings_segment ON search_postings(segment_id);
        CREATE TABLE search_pending (
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            term TEXT NOT NULL,
            doc INTEGER NOT NULL,
            tf INTEGER NOT NULL,
            len INTEGER NOT NULL
        );
        CREATE INDEX search_pending_term ON search_pending(tenant, kind, term);
        CREATE INDEX search_pending_doc ON search_pending(tenant, kind, doc);
        CREATE TABLE search_deleted (
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            doc INTEGER NOT NULL,
            PRIMARY KEY (tenant, kind, doc)
        );

        -- Empty-chair sessions, reminders and claimed jobs.
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            host TEXT,
            topic TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            card_ref TEXT,
            principle_id INTEGER,
            feedback_id INTEGER,
            shown_feedback TEXT NOT NULL DEFAULT '[]',
            customer_had_voice TEXT
        );
        CREATE INDEX sessions_open ON sessions(tenant, platform, channel_id, ended_at);

        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            weekday INTEGER NOT NULL,
            time TEXT NOT NULL,
            timezone TEXT NOT NULL,
            topic TEXT,
            created_by TEXT,
            created_at TEXT NOT NULL,
            next_run_at TEXT NOT NULL,
            claimed_by TEXT,
            claimed_until TEXT,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX reminders_due ON reminders(active, next_run_at);

        -- Requests already handled (Slack event ids, Teams activity ids, button clicks).
        CREATE TABLE processed_requests (
            tenant TEXT NOT NULL,
            key TEXT NOT NULL,
            at TEXT NOT NULL,
            result TEXT,
            PRIMARY KEY (tenant, key)
        );

        -- Teams conversation references for proactive messages.
        CREATE TABLE conversation_refs (
            tenant TEXT NOT NULL,
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            service_url TEXT,
            data TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, platform, conversation_id)
        );
        """,
    )


@migrations(name="m101_imports_staging")
def m101_imports_staging(db: Database) -> None:
    """Chunked imports: a run table, staged rows and segments, forgetting records."""
    run_script(
        db,
        """
        -- One row per import run (file, sync, webhook, decisions import). Rows it wrote
        -- are visible only once its state is 'done'; a dead run's rows are cleaned up.
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'running'
                CHECK (state IN ('running', 'done', 'failed', 'cleaned')),
            owner TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            heartbeat REAL NOT NULL,
            rows INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            n_docs INTEGER NOT NULL DEFAULT 0,
            total_len INTEGER NOT NULL DEFAULT 0,
            avgdl REAL NOT NULL DEFAULT 0
        );
        CREATE INDEX imports_state ON imports(state, tenant);

        ALTER TABLE feedback ADD COLUMN import_id INTEGER;
        CREATE INDEX feedback_import ON feedback(import_id) WHERE import_id IS NOT NULL;

        -- A segment with staged_by set belongs to an unfinished import (or, -1, is
        -- garbage awaiting deletion in small steps); readers only see NULL.
        ALTER TABLE search_segments ADD COLUMN staged_by INTEGER;
        -- The average length its impacts were computed with (NULL: the tenant's).
        ALTER TABLE search_segments ADD COLUMN avgdl REAL;
        CREATE INDEX search_segments_staged ON search_segments(staged_by)
            WHERE staged_by IS NOT NULL;

        -- Hashes of e-mail addresses found in a snippet before masking, so that
        -- `feedback forget --email` can find it; the address itself is not kept.
        CREATE TABLE feedback_emails (
            tenant TEXT NOT NULL,
            email_hash TEXT NOT NULL,
            feedback_id INTEGER NOT NULL,
            PRIMARY KEY (tenant, email_hash, feedback_id)
        );
        CREATE INDEX feedback_emails_feedback ON feedback_emails(feedback_id);

        -- That a deletion happened: who, when, how many; never what.
        CREATE TABLE feedback_deletions (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT,
            reason TEXT NOT NULL,
            count INTEGER NOT NULL
        );
        -- Snippet ids deleted on request, so decisions that cited them can say so.
        CREATE TABLE feedback_removed (
            tenant TEXT NOT NULL,
            feedback_id INTEGER NOT NULL,
            deletion_id INTEGER NOT NULL REFERENCES feedback_deletions(id),
            PRIMARY KEY (tenant, feedback_id)
        );
        """,
    )


@migrations(name="m101_reviews_review_jobs")
def m101_reviews_review_jobs(db: Database) -> None:
    """Review DMs claimed once per decision and review date; outcomes; people seen in chats."""
    run_script(
        db,
        """
        -- One row per decision and review date whose review message is due (or was sent).
        CREATE TABLE review_jobs (
            tenant TEXT NOT NULL,
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            review_on TEXT NOT NULL,
            platform TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            claimed_by TEXT,
            claimed_until TEXT,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            PRIMARY KEY (decision_id, review_on)
        );
        CREATE INDEX review_jobs_pending ON review_jobs(state, claimed_until);
        CREATE INDEX decisions_review_due ON decisions(review_on) WHERE status = 'decided';

        ALTER TABLE decisions ADD COLUMN outcome_result TEXT;
        ALTER TABLE decisions ADD COLUMN outcome_next TEXT;
        ALTER TABLE decisions ADD COLUMN outcome_at TEXT;

        -- People the bot has seen in a chat platform (to reach a decision's owner).
        CREATE TABLE chat_people (
            tenant TEXT NOT NULL,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            aad_object_id TEXT,
            name TEXT NOT NULL DEFAULT '',
            personal_conversation_id TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, platform, user_id)
        );
        """,
    )


@migrations(name="m101_sync_cursors_and_webhook_secrets")
def m101_sync_cursors_and_webhook_secrets(db: Database) -> None:
    """Per-tenant sync cursors, per-tenant sync claims, and webhook secrets."""
    run_script(
        db,
        """
        -- Where each source's last committed page ended (JSON the connector understands).
        CREATE TABLE sync_cursors (
            tenant TEXT NOT NULL,
            source TEXT NOT NULL,
            cursor TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, source)
        );
        -- One sync at a time per tenant, across processes: a claim with a lease.
        CREATE TABLE sync_claims (
            tenant TEXT PRIMARY KEY,
            claimed_by TEXT,
            claimed_until TEXT,
            last_finished_at TEXT
        );
        -- The HMAC key of the feedback webhook (encrypted when a secret key is set).
        CREATE TABLE webhook_secrets (
            tenant TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            encrypted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        """,
    )


@migrations(name="m113_synth_llm")
def m113_synth_llm(db: Database) -> None:
    """Per-tenant settings (the model-written answer switch) and model calls per UTC day."""
    run_script(
        db,
        """
        CREATE TABLE tenant_settings (
            tenant TEXT PRIMARY KEY,
            llm_enabled INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE llm_usage (
            tenant TEXT NOT NULL,
            day TEXT NOT NULL,
            calls INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, day)
        );
        """,
    )


@migrations(name="m114_report_digest")
def m114_report_digest(db: Database) -> None:
    """The weekly digest's channel per tenant and platform; indexes the report reads by."""
    run_script(
        db,
        """
        CREATE TABLE digest_channels (
            tenant TEXT NOT NULL,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            timezone TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'en',
            set_by TEXT,
            set_at TEXT NOT NULL,
            next_run_at TEXT NOT NULL,
            claimed_by TEXT,
            claimed_until TEXT,
            last_sent_at TEXT,
            PRIMARY KEY (tenant, platform)
        );
        CREATE INDEX digest_channels_due ON digest_channels(next_run_at);
        CREATE INDEX feedback_tenant_added ON feedback(tenant, added_at);
        CREATE INDEX decisions_tenant_review ON decisions(tenant, review_on);
        """,
    )


@migrations(name="m102_imports_first_id")
def m102_imports_first_id(db: Database) -> None:
    """Clean-up walks the primary key from a run's first id instead of an extra index."""
    run_script(
        db,
        """
        -- Rows a run wrote have ids above this.
        ALTER TABLE imports ADD COLUMN first_id INTEGER NOT NULL DEFAULT 0;
        -- Every imported row stayed in this index; inserts paid for it.
        DROP INDEX IF EXISTS feedback_import;
        """,
    )


@migrations(name="m115_report_history_at")
def m115_report_history_at(db: Database) -> None:
    """History by time: the digest reads the outcomes written in the last seven days."""
    run_script(db, "CREATE INDEX decision_history_at ON decision_history(at);")


@migrations(name="m116_feedin_sync_configs")
def m116_feedin_sync_configs(db: Database) -> None:
    """Per-tenant sync settings, so that the server syncs every tenant on its schedule."""
    run_script(
        db,
        """
        -- One row per tenant and source; the token is always sealed (EMPTYCHAIR_SECRET_KEY).
        CREATE TABLE sync_configs (
            tenant TEXT NOT NULL,
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            email TEXT,
            segment_field TEXT,
            token TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (tenant, source)
        );
        """,
    )


@migrations(name="m117_imp_drop_customer_index")
def m117_imp_drop_customer_index(db: Database) -> None:
    """Imports wrote a random page of this index for almost every row; nothing used it.

    `feedback forget --customer` compares names without regard to case, which this
    (case-sensitive) index could not answer; it reads the tenant's rows instead.
    """
    run_script(db, "DROP INDEX IF EXISTS feedback_tenant_customer;")


@migrations(name="m118_decimport_decisions_import_id")
def m118_decimport_decisions_import_id(db: Database) -> None:
    """`decisions import` writes in short transactions: its rows are tagged with their run.

    Users see a tagged decision only once its run is done (`bot.staging.VISIBLE_SQL`).
    History stays append-only, except for rows of a decision whose run failed or is still
    running: nothing of those was ever visible, and clean-up removes them.
    """
    run_script(
        db,
        """
        ALTER TABLE decisions ADD COLUMN import_id INTEGER;
        -- Deleting a decision checks that none names it as successor: without this index
        -- that check read the whole table for every row a clean-up removed.
        CREATE INDEX decisions_superseded_by ON decisions(superseded_by)
            WHERE superseded_by IS NOT NULL;
        DROP TRIGGER decision_history_no_delete;
        CREATE TRIGGER decision_history_no_delete BEFORE DELETE ON decision_history
        WHEN NOT EXISTS (SELECT 1 FROM decisions d JOIN imports i ON i.id = d.import_id
            WHERE d.id = old.decision_id AND i.state IN ('running', 'failed'))
        BEGIN SELECT RAISE(ABORT, 'decision history is append-only'); END;
        """,
    )

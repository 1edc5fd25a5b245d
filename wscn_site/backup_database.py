"""The database half of a backup: SQLite through its online backup API, PostgreSQL through pg_dump.

SQLite's ``Connection.backup`` copies a consistent snapshot page by page while the site keeps
running; ``pg_dump`` (custom format) takes one consistent snapshot too, and ``pg_restore`` loads it in
one transaction. The password never appears on a command line (``PGPASSWORD``).
"""
import os
import sqlite3
import subprocess

import sqlalchemy as sa

FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def kind_of(url):
    backend = sa.engine.make_url(url).get_backend_name()
    if backend not in FILES:
        raise ValueError(f"backups support SQLite and PostgreSQL, not {backend}")
    return backend


def _sqlite_path(url):
    path = sa.engine.make_url(url).database
    if not path or path == ":memory:":
        raise ValueError("an in-memory SQLite database cannot be backed up or restored")
    return path


def _libpq(url):
    """(libpq URL without the password, environment with PGPASSWORD) for pg_dump and pg_restore."""
    parsed = sa.engine.make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command, env):
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 (fixed arguments)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}")


def dump(url, folder):
    """Write a consistent copy of the database into ``folder``; return its file name."""
    kind = kind_of(url)
    target = folder / FILES[kind]
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        address, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", address], env)
    return target.name


def tables_in(url):
    """The tables the database already holds (a restore needs none)."""
    engine = sa.create_engine(url)
    try:
        return sorted(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def load(url, source):
    """Load a dump made by ``dump`` into the (empty) database at ``url``."""
    kind = kind_of(url)
    if source.name != FILES[kind]:
        raise ValueError(f"{source.name} cannot be restored into a {kind} database")
    if kind == "sqlite":
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()
    else:
        address, env = _libpq(url)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--dbname={address}", str(source)], env)

"""A SparkSession for newsfuse: Java found, executors on this Python, sizes that fit news text.

Kept apart from the engine so that tests and benchmarks can open one session and reuse it.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def ensure_java_home() -> None:
    """Spark's launcher needs JAVA_HOME or `java` on PATH; derive JAVA_HOME from `java` if unset."""
    if os.environ.get("JAVA_HOME"):
        return
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("the Spark engine needs Java 17 (`java` not found on PATH; set JAVA_HOME)")
    # /usr/lib/jvm/java-17-openjdk-amd64/bin/java -> /usr/lib/jvm/java-17-openjdk-amd64
    os.environ["JAVA_HOME"] = str(Path(java).resolve().parent.parent)


def get_session(master: str = "local[2]", app_name: str = "newsfuse"):
    """The active SparkSession, or a new one on `master` (the caller owns a new one: see `owned`)."""
    from pyspark.sql import SparkSession

    ensure_java_home()
    # Executors must import newsfuse and its models from the same environment as the driver.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if master.startswith("local"):
        # Everything stays on this machine: no lookup of a routable address (and no warning).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = (SparkSession.builder.master(master).appName(app_name)
               # The driver gathers articles partition by partition (toLocalIterator); a day of
               # news is a few GB of pickled text, so give the driver JVM room for one partition.
               .config("spark.driver.memory", os.environ.get("NEWSFUSE_SPARK_DRIVER_MEMORY", "4g"))
               # One Python worker per core stays alive between tasks, so the spaCy and MiniLM
               # models (cached per process) load once per executor core, not once per task.
               .config("spark.python.worker.reuse", "true")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "8")
               .config("spark.executorEnv.HF_HUB_OFFLINE", "1"))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session

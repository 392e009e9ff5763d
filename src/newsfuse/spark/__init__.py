"""The Spark engine (`newsfuse analyze --engine spark`): the pipeline's stage functions on pyspark.

`engine.analyze_with_spark` is the entry point; `partitions` is what executors run; `inputs` splits
the inputs into per-file entries; `parquet` writes the collection; `session` opens Spark.
"""

"""Promesa's benchmark harness: a seed at real scale and the workloads of issue 6."""

"""API plumbing only: one NinjaAPI that mounts each app's router under /api/v1/."""

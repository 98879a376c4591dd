"""``promesa.api`` is a plain package, not an installed app: it has no models or templates."""

"""Promesa: PQRS with legal deadlines, service indicators and the voice of the customer."""

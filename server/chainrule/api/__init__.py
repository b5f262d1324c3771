"""Thin HTTP layer over the engine: FastAPI app, routes and pydantic schemas."""

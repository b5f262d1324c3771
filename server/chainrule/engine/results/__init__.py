"""Results: what the engine answers, and the JSON documents of the REST contract."""

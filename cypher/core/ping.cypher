// Cheapest round trip to the engine, for readiness checks.
RETURN 1 AS ok

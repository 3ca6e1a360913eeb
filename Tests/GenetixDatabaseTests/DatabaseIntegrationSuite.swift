import Testing

/// Every test that runs real PostgreSQL servers, one at a time (the machine has two cores).
@Suite(.serialized) enum DatabaseIntegrationTests {}

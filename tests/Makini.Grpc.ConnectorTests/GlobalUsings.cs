global using Makini.Grpc.Connectors;
global using Makini.Grpc.Connectors.Catalog;
global using Makini.Grpc.ConnectorTests.Infrastructure;

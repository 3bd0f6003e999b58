using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests;

public sealed class ConnectorRegistryTests
{
    private static ServiceProvider NewServices() => new ServiceCollection().AddSourceConnectors().BuildServiceProvider();

    [Fact]
    public void every_catalog_system_has_exactly_one_connector()
    {
        using var services = NewServices();
        var registry = services.GetRequiredService<ConnectorRegistry>();

        registry.All.Select(c => c.SystemId).ShouldBe(SystemCatalog.All.Select(s => s.SystemId), ignoreOrder: true);
        foreach (var system in SystemCatalog.All)
            registry.Get(system.SystemId).SystemId.ShouldBe(system.SystemId);
    }

    [Fact]
    public void an_unknown_system_id_is_an_argument_error()
    {
        using var services = NewServices();

        Should.Throw<ArgumentException>(() => services.GetRequiredService<ConnectorRegistry>().Get("oracle_ebs"));
    }

    [Fact]
    public void connectors_are_singletons()
    {
        using var services = NewServices();

        services.GetRequiredService<ConnectorRegistry>().Get(SystemCatalog.Sap)
            .ShouldBeSameAs(services.GetRequiredService<ConnectorRegistry>().Get(SystemCatalog.Sap));
    }

    [Fact]
    public void registering_twice_does_not_duplicate_connectors()
    {
        using var services = new ServiceCollection().AddSourceConnectors().AddSourceConnectors().BuildServiceProvider();

        services.GetRequiredService<ConnectorRegistry>().All.Count.ShouldBe(5);
    }

    [Fact]
    public async Task missing_required_credentials_are_named_without_any_values()
    {
        using var services = NewServices();
        var target = new SourceTarget(SystemCatalog.NetSuite, Deployment.Cloud, new Uri("https://1234567.suitetalk.api.netsuite.com"),
            new Dictionary<string, string> { ["account_id"] = "1234567", ["consumer_key"] = "ck", ["consumer_secret"] = "very-secret" });

        var error = await Should.ThrowAsync<ArgumentException>(() =>
            services.GetRequiredService<ConnectorRegistry>().Get(SystemCatalog.NetSuite).CheckCredentialsAsync(target, CancellationToken.None));

        error.Message.ShouldContain("token_id, token_secret");
        error.Message.ShouldNotContain("very-secret");
    }

    [Fact]
    public async Task a_target_of_another_system_is_an_argument_error()
    {
        using var services = NewServices();
        var target = new SourceTarget(SystemCatalog.Maximo, Deployment.Cloud, new Uri("https://maximo.example.com"),
            new Dictionary<string, string> { ["api_key"] = "k" });

        await Should.ThrowAsync<ArgumentException>(() =>
            services.GetRequiredService<ConnectorRegistry>().Get(SystemCatalog.UpKeep).CheckCredentialsAsync(target, CancellationToken.None));
    }
}

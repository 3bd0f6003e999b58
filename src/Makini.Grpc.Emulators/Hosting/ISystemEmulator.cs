namespace Makini.Grpc.Emulators.Hosting;

/// <summary>One emulated source system: its path prefix, its instance state and its real HTTP surface.</summary>
internal interface ISystemEmulator
{
    /// <summary>The first path segment of the default instance, e.g. <c>sap</c>.</summary>
    string Prefix { get; }

    EmulatorInstance CreateInstance(string segment);

    /// <summary>Serves a request below the instance base (the path base is already the instance segment).</summary>
    Task HandleAsync(HttpContext context, EmulatorInstance instance);

    /// <summary>Answers an injected fault with this status, in the error format of the endpoint that was called.</summary>
    Task WriteFaultAsync(HttpContext context, EmulatorInstance instance, int status);
}

/// <summary>Typed base so each system works with its own instance class.</summary>
internal abstract class SystemEmulator<TInstance> : ISystemEmulator where TInstance : EmulatorInstance
{
    public abstract string Prefix { get; }

    public abstract EmulatorInstance CreateInstance(string segment);

    public Task HandleAsync(HttpContext context, EmulatorInstance instance) => HandleAsync(context, (TInstance)instance);

    public Task WriteFaultAsync(HttpContext context, EmulatorInstance instance, int status) =>
        WriteFaultAsync(context, (TInstance)instance, status);

    protected abstract Task HandleAsync(HttpContext context, TInstance instance);

    protected abstract Task WriteFaultAsync(HttpContext context, TInstance instance, int status);
}

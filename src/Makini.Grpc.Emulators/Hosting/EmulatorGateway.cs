namespace Makini.Grpc.Emulators.Hosting;

/// <summary>
/// The whole request pipeline: picks the instance from the first path segment, moves that segment into the path
/// base, and then either answers the control API or applies pending faults, serves the system, and logs the call.
/// </summary>
internal sealed class EmulatorGateway(InstanceRegistry registry, ControlApi control)
{
    /// <summary>Logged when the client hung up before an answer (nginx's convention; no real answer was sent).</summary>
    public const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!InstanceAddress.TryParse(context.Request.Path, out var address, out var remainder)
            || !registry.TryResolve(address, out var system, out var instance))
        {
            await context.Response.WriteTextAsync(404,
                $"No emulated system here. The first path segment selects one: {string.Join(", ", registry.Prefixes)}, optionally followed by -<name> ([a-z0-9]{{1,40}}).\n",
                "text/plain; charset=utf-8");
            return;
        }

        context.Request.PathBase = context.Request.PathBase.Add("/" + address.Segment);
        context.Request.Path = remainder;

        if (ControlApi.IsControlPath(remainder))
            await control.HandleAsync(context, instance);
        else
            await ServeAsync(context, system, instance);
    }

    private static async Task ServeAsync(HttpContext context, ISystemEmulator system, EmulatorInstance instance)
    {
        int? status = null;
        try
        {
            var fault = instance.Faults.TryTake(context.Request.Method);
            if (fault is not null && await InjectAsync(context, system, instance, fault))
                return;
            if (fault is { DelayAfterMs: > 0 } or { StallBodyMs: > 0 })
            {
                // Served into a buffer first. delay_after_ms: the work is done before the client hears of it.
                // stall_body_ms: the headers and half the body go out at once, the rest after the stall.
                var body = context.Response.Body;
                await using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try { await system.HandleAsync(context, instance); }
                finally { context.Response.Body = body; }
                var answer = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
                var sentFirst = fault.StallBodyMs > 0 ? answer.Length / 2 : 0;
                if (fault.StallBodyMs > 0)
                {
                    await body.WriteAsync(answer[..sentFirst], context.RequestAborted);
                    await body.FlushAsync(context.RequestAborted);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayAfterMs + fault.StallBodyMs), instance.Time, context.RequestAborted);
                await body.WriteAsync(answer[sentFirst..], context.RequestAborted);
                return;
            }
            await system.HandleAsync(context, instance);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (e.g. its timeout ran out during an injected delay): nothing left to answer.
            status = ClientClosedRequest;
        }
        catch
        {
            status = context.Response.HasStarted ? null : 500;
            throw;
        }
        finally
        {
            var request = context.Request;
            instance.Requests.Add(new RequestLogEntry(
                request.Method,
                request.Path.Value ?? "",
                QueryRedactor.Redact(request.QueryString, instance.SecretValues),
                instance.Time.GetUtcNow().UtcDateTime,
                status ?? context.Response.StatusCode));
        }
    }

    /// <returns>Whether the fault answered the request (false: it was only a delay).</returns>
    private static async Task<bool> InjectAsync(HttpContext context, ISystemEmulator system, EmulatorInstance instance, FaultPlan fault)
    {
        if (fault.DelayMs > 0)
            await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMs), instance.Time, context.RequestAborted);
        if (fault.Status == 0)
            return false;
        if (fault.RetryAfter is { } seconds && fault.Status is 429 or 503)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await system.WriteFaultAsync(context, instance, fault.Status);
        return true;
    }
}

using Makini.Grpc.Server.Extensions;

// Content root beside the binaries, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddMakiniServer();

var app = builder.Build();

app.MapMakiniEndpoints();

app.Run();

// Visible to the test host.
public partial class Program;

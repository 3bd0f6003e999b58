using System.Net;
using System.Text;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>An HttpClientFactory whose clients answer from a function, for golden mapping tests without a server.</summary>
internal sealed class StubHttp(Func<HttpRequestMessage, string> answer) : IHttpClientFactory
{
    public List<Uri> Requests { get; } = [];

    public HttpClient CreateClient(string name) => new(new Handler(this));

    private sealed class Handler(StubHttp owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner.Requests.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(owner.Answer(request), Encoding.UTF8, "application/json"),
            });
        }
    }

    private string Answer(HttpRequestMessage request) => answer(request);
}

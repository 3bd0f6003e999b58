using System.Net;
using System.Text;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>An HttpClientFactory whose clients answer logins with a session and lists from a function.</summary>
internal sealed class UpKeepStubHttp(Func<HttpRequestMessage, (HttpStatusCode Status, string Body)> answer) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new(new Handler(answer));

    private sealed class Handler(Func<HttpRequestMessage, (HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body) = request.RequestUri!.AbsolutePath.EndsWith("/auth", StringComparison.Ordinal)
                ? (HttpStatusCode.OK, """{"success":true,"result":{"sessionToken":"r:0123456789abcdef","expiresAt":"2099-01-01T00:00:00.000Z"}}""")
                : answer(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}

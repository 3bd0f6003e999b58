using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Webhooks.Delivery;
using Makini.Grpc.Domain.Webhooks.Endpoints;

namespace Makini.Grpc.UnitTests.Webhooks;

public sealed class WebhookDeliveryRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retries_start_at_the_initial_delay_double_with_jitter_and_stop_after_the_window()
    {
        var initial = TimeSpan.FromSeconds(30);
        var window = TimeSpan.FromHours(24);
        (RetrySchedule.NextAttempt(T0, 1, T0, initial, window, 0.5)! - T0).Value.ShouldBe(TimeSpan.FromSeconds(30));
        (RetrySchedule.NextAttempt(T0, 2, T0, initial, window, 0.5)! - T0).Value.ShouldBe(TimeSpan.FromSeconds(60));
        (RetrySchedule.NextAttempt(T0, 5, T0, initial, window, 0.5)! - T0).Value.ShouldBe(TimeSpan.FromSeconds(480));
        (RetrySchedule.NextAttempt(T0, 1, T0, initial, window, 0.0)! - T0).Value.ShouldBe(TimeSpan.FromSeconds(24));
        (RetrySchedule.NextAttempt(T0, 1, T0, initial, window, 1.0)! - T0).Value.ShouldBe(TimeSpan.FromSeconds(36));
        RetrySchedule.NextAttempt(T0, 3, T0.AddHours(23.99), initial, window, 0.5).ShouldBeNull();
        RetrySchedule.NextAttempt(T0, 40, T0, initial, window, 0.5).ShouldBeNull(); // no overflow past the window
    }

    [Fact]
    public void A_batch_of_attempts_counts_trailing_failures_and_an_answer_restarts_the_count()
    {
        BreakerChange.Of([]).ShouldBe(new BreakerChange(false, 0));
        BreakerChange.Of([true, true]).ShouldBe(new BreakerChange(false, 2)); // added to the stored count
        BreakerChange.Of([true, false]).ShouldBe(new BreakerChange(true, 0)); // the answer closes the breaker
        BreakerChange.Of([true, false, true, true]).ShouldBe(new BreakerChange(true, 2)); // only failures after the answer count
        BreakerChange.Of([false]).ShouldBe(new BreakerChange(true, 0));
    }

    [Fact]
    public void An_endpoints_in_flight_limit_grows_with_quick_deliveries_and_halves_on_trouble()
    {
        static DeliveryOutcome Attempt(string status, bool down = false, bool slow = false) =>
            new("d", "e", "{}", status, null, null, down, slow);
        InFlightLimitChange.Of([]).IsNone.ShouldBeTrue();
        InFlightLimitChange.Of([Attempt("succeeded"), Attempt("succeeded")]).ShouldBe(new InFlightLimitChange(false, 2));
        // A refusal that is not trouble (a 4xx) neither grows nor shrinks it.
        InFlightLimitChange.Of([Attempt("succeeded"), Attempt("pending")]).ShouldBe(new InFlightLimitChange(false, 1));
        InFlightLimitChange.Of([Attempt("succeeded"), Attempt("pending", down: true)]).ShouldBe(new InFlightLimitChange(true, 0));
        InFlightLimitChange.Of([Attempt("succeeded", slow: true), Attempt("succeeded")]).ShouldBe(new InFlightLimitChange(true, 0));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("2606:4700::1111", false)]
    public void Loopback_private_link_local_and_metadata_addresses_are_blocked(string address, bool blocked) =>
        TargetAddressPolicy.IsBlocked(IPAddress.Parse(address)).ShouldBe(blocked);

    [Fact]
    public async Task The_check_is_made_again_when_connecting_so_a_name_re_pointed_to_a_private_address_is_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            // "localhost" passes no literal-address check; it is the connect-time resolution that refuses it.
            using var strict = WebhookHttp.Create(allowPrivateTargets: false);
            var e = await Should.ThrowAsync<HttpRequestException>(() => strict.PostAsync($"http://localhost:{port}/hook", new StringContent("{}")));
            e.InnerException.ShouldBeOfType<BlockedTargetException>();
            listener.Pending().ShouldBeFalse();

            using var lenient = WebhookHttp.Create(allowPrivateTargets: true);
            var post = lenient.PostAsync($"http://localhost:{port}/hook", new StringContent("{}"));
            using var accepted = await listener.AcceptTcpClientAsync();
            accepted.Connected.ShouldBeTrue();
        }
        finally { listener.Stop(); }
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_of_time_dot_body_once_per_secret()
    {
        var header = WebhookSignature.Sign(1700000000, "{\"id\":\"evt_1\"}", ["whsec_a", "whsec_b"]);
        var parts = header.Split(',');
        parts[0].ShouldBe("t=1700000000");
        parts[1].ShouldBe("v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_a"), Encoding.UTF8.GetBytes("1700000000.{\"id\":\"evt_1\"}"))));
        parts[2].ShouldBe("v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_b"), Encoding.UTF8.GetBytes("1700000000.{\"id\":\"evt_1\"}"))));
        WebhookSignature.NewSecret().ShouldNotBe(WebhookSignature.NewSecret());
    }

    [Theory]
    [InlineData("https://hooks.example.com/x", false, true)]
    [InlineData("http://hooks.example.com/x", false, false)]
    [InlineData("http://127.0.0.1:5000/x", true, true)]
    [InlineData("https://127.0.0.1/x", false, false)]
    [InlineData("https://[fd00::1]/x", false, false)]
    [InlineData("https://a:b@hooks.example.com/x", false, false)]
    [InlineData("not a url", false, false)]
    [InlineData("", false, false)]
    public void Endpoint_urls_are_checked_before_they_are_stored(string url, bool allowPrivate, bool ok)
    {
        var v = new Validator();
        WebhookEndpointRules.CheckUrl(v, "url", url, allowPrivate);
        v.HasErrors.ShouldBe(!ok);
    }

    [Fact]
    public void Event_types_must_be_known_and_are_deduplicated()
    {
        var v = new Validator();
        WebhookEndpointRules.CheckEventTypes(v, "event_types", ["sync.completed", "sync.completed", "records.changed"]).ShouldBe(["sync.completed", "records.changed"]);
        v.HasErrors.ShouldBeFalse();
        WebhookEndpointRules.CheckEventTypes(v, "event_types", ["webhook.test"]);
        Should.Throw<ValidationException>(v.ThrowIfInvalid).Violations.Single().Field.ShouldBe("event_types[0]");
    }
}

using Makini.Grpc.Connectors.NetSuite;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>The signer against RFC 5849's published examples and an HMAC-SHA256 vector computed independently
/// (python's hmac and openssl dgst -sha256 -hmac over the same base string).</summary>
public sealed class OAuth1SignerTests
{
    [Fact]
    public void the_base_string_matches_rfc_5849_section_3_4_1_1()
    {
        var uri = new Uri("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        KeyValuePair<string, string>[] protocol =
        [
            new("oauth_consumer_key", "9djdj82h48djs9d2"),
            new("oauth_token", "kkk9d7dh3k39sjv7"),
            new("oauth_signature_method", "HMAC-SHA1"),
            new("oauth_timestamp", "137131201"),
            new("oauth_nonce", "7d8f3e4a"),
        ];
        KeyValuePair<string, string>[] body = [new("c2", ""), new("a3", "2 q")];

        var baseString = OAuth1Signer.BuildSignatureBaseString("POST", uri, protocol, body);

        baseString.ShouldBe(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7");
    }

    [Fact]
    public void the_hmac_sha1_signature_matches_rfc_5849_section_1_2()
    {
        var uri = new Uri("http://photos.example.net/photos?file=vacation.jpg&size=original");
        KeyValuePair<string, string>[] protocol =
        [
            new("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            new("oauth_token", "nnch734d00sl2jdk"),
            new("oauth_signature_method", "HMAC-SHA1"),
            new("oauth_timestamp", "137131202"),
            new("oauth_nonce", "chapoH"),
        ];

        var baseString = OAuth1Signer.BuildSignatureBaseString("GET", uri, protocol);
        var signature = OAuth1Signer.ComputeSignature(baseString, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00", OAuth1SignatureMethod.HmacSha1);

        signature.ShouldBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    }

    [Fact]
    public void the_netsuite_header_carries_an_hmac_sha256_signature_computed_independently()
    {
        var credentials = new OAuth1Credentials("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");
        var uri = new Uri("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/vendor?limit=1");

        var header = OAuth1Signer.CreateAuthorizationHeader(HttpMethod.Get, uri, credentials, "1234567_SB1", 137131202, "chapoH");

        header.Scheme.ShouldBe("OAuth");
        header.Parameter.ShouldBe(
            "realm=\"1234567_SB1\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_token=\"nnch734d00sl2jdk\", " +
            "oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\", oauth_version=\"1.0\", " +
            "oauth_signature=\"2xI2dkrO3Z6fEO56rRsFjjG54C3tFXl33RiYc%2BNJgrw%3D\"");
    }

    [Fact]
    public void the_base_string_uri_drops_default_ports_and_the_query_and_lowercases_the_host()
    {
        OAuth1Signer.BaseStringUri(new Uri("HTTPS://Example.COM:443/r%20v/X?id=123")).ShouldBe("https://example.com/r%20v/X");
        OAuth1Signer.BaseStringUri(new Uri("http://127.0.0.1:5090/netsuite-t1/services/rest")).ShouldBe("http://127.0.0.1:5090/netsuite-t1/services/rest");
    }

    [Theory]
    [InlineData("Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen")]
    [InlineData("An encoded string!", "An%20encoded%20string%21")]
    [InlineData("Dogs, Cats & Mice", "Dogs%2C%20Cats%20%26%20Mice")]
    [InlineData("☃", "%E2%98%83")]
    [InlineData("-._~*'()", "-._~%2A%27%28%29")]
    public void percent_encoding_follows_rfc_3986(string value, string encoded) =>
        OAuth1Signer.PercentEncode(value).ShouldBe(encoded);

    [Fact]
    public void each_signature_gets_a_fresh_nonce()
    {
        var signer = new OAuth1Signer();
        var credentials = new OAuth1Credentials("ck", "cs", "tk", "ts");
        var uri = new Uri("https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/vendor");

        var first = signer.CreateAuthorizationHeader(HttpMethod.Get, uri, credentials, "1234567").Parameter;
        var second = signer.CreateAuthorizationHeader(HttpMethod.Get, uri, credentials, "1234567").Parameter;

        first.ShouldNotBe(second);
    }

    [Theory]
    [InlineData("1234567-sb1", "1234567_SB1")]
    [InlineData("1234567_SB1", "1234567_SB1")]
    [InlineData("tstdrv123", "TSTDRV123")]
    public void the_realm_is_the_account_id_upper_cased_with_underscores(string accountId, string realm) =>
        NetSuiteAccount.Realm(accountId).ShouldBe(realm);

    [Fact]
    public void the_account_host_is_lower_cased_with_dashes() =>
        NetSuiteAccount.DefaultBaseUrl("1234567_SB1").ShouldBe(new Uri("https://1234567-sb1.suitetalk.api.netsuite.com"));

    [Fact]
    public void credentials_never_print_their_secrets() =>
        new OAuth1Credentials("ck", "consumer-secret", "tk", "token-secret").ToString().ShouldSatisfyAllConditions(
            s => s.ShouldNotContain("consumer-secret"),
            s => s.ShouldNotContain("token-secret"));
}

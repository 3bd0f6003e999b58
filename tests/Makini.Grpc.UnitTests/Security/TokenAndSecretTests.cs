using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Microsoft.Extensions.Configuration;

namespace Makini.Grpc.UnitTests.Security;

public sealed class TokenAndSecretTests
{
    private static SecretKeys Keys(string? master = null) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Makini:MasterKey"] = master ?? Convert.ToBase64String(new byte[32]) })
        .Build());

    [Fact]
    public void Tokens_carry_their_kind_and_256_bits_and_are_never_repeated()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ApiTokens.NewConnectionToken()).ToList();
        tokens.Distinct().Count().ShouldBe(1000);
        tokens.ShouldAllBe(t => ApiTokens.IsWellFormed(t, ApiTokens.ConnectionPrefix));
        ApiTokens.KindOf(tokens[0]).ShouldBe(TokenKind.Connection);
        ApiTokens.KindOf(ApiTokens.NewAccountKey()).ShouldBe(TokenKind.Account);
        ApiTokens.KindOf(ApiTokens.NewLinkToken()).ShouldBe(TokenKind.Link);
        ApiTokens.KindOf(ApiTokens.NewPublicToken()).ShouldBe(TokenKind.Public);
        // 43 base62 characters hold log2(62) * 43 > 256 bits.
        (Math.Log2(62) * (tokens[0].Length - ApiTokens.ConnectionPrefix.Length)).ShouldBeGreaterThan(256);
        ApiTokens.Hash(tokens[0]).ShouldNotContain(tokens[0][8..]);
        ApiTokens.Hash(tokens[0]).Length.ShouldBe(64);
    }

    [Fact]
    public void Credentials_round_trip_and_are_bound_to_their_connection()
    {
        var protector = new CredentialProtector(Keys());
        var sealedValue = protector.Protect("conn_1", new Dictionary<string, string> { ["password"] = "s3cret!" });
        sealedValue.ShouldNotContain("s3cret");
        protector.Unprotect("conn_1", sealedValue)["password"].ShouldBe("s3cret!");
        Should.Throw<System.Security.Cryptography.AuthenticationTagMismatchException>(() => protector.Unprotect("conn_2", sealedValue));
        Should.Throw<System.Security.Cryptography.AuthenticationTagMismatchException>(() =>
            new CredentialProtector(Keys(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()))).Unprotect("conn_1", sealedValue));
    }

    private sealed record Position(string After);

    [Fact]
    public void Page_tokens_refuse_tampering_and_other_scopes()
    {
        var tokens = new PageTokens(Keys());
        var token = tokens.Encode("scope-a", new Position("conn_5"));
        tokens.Decode<Position>(token, "scope-a")!.After.ShouldBe("conn_5");
        tokens.Decode<Position>("", "scope-a").ShouldBeNull();
        Should.Throw<ValidationException>(() => tokens.Decode<Position>(token, "scope-b")).Violations.Single().Field.ShouldBe("page_token");
        Should.Throw<ValidationException>(() => tokens.Decode<Position>("x" + token, "scope-a"));
        Should.Throw<ValidationException>(() => tokens.Decode<Position>("!!!.???", "scope-a"));
    }

    [Fact]
    public void A_missing_or_short_master_key_stops_the_server_at_start()
    {
        Should.Throw<InvalidOperationException>(() => new SecretKeys(new ConfigurationBuilder().Build()));
        Should.Throw<InvalidOperationException>(() => Keys(Convert.ToBase64String(new byte[8])));
    }
}

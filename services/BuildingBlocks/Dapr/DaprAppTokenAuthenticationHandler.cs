using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using DaprAuthenticationOptions = global::Dapr.AspNetCore.DaprAuthenticationOptions;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// The "Dapr" authentication scheme of Dapr.AspNetCore with the same contract (the app API token in
/// <c>dapr-api-token</c>, <see cref="DaprAuthenticationOptions.Token"/>, a principal named "Dapr"), but
/// compared in constant time: the SDK's handler compares with <c>string.Equals</c>, which stops at the
/// first differing character. Hashing both sides first also keeps the token's length from showing.
/// </summary>
internal sealed class DaprAppTokenAuthenticationHandler(
    IOptionsMonitor<DaprAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<DaprAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(DaprAppToken.Header, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (string.IsNullOrEmpty(Options.Token))
        {
            return Task.FromResult(AuthenticateResult.Fail("No app API token is configured."));
        }

        if (presented.Count != 1 || presented[0] is not { } value
            || !CryptographicOperations.FixedTimeEquals(Hash(value), Hash(Options.Token)))
        {
            return Task.FromResult(AuthenticateResult.Fail("The app API token does not match."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "Dapr")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ResponsePortal.Addressees;
using ResponsePortal.Common;

namespace ResponsePortal.Azure.Identity;

/// <summary>Who may call an HTTP function. Every HTTP function states this as its first line.</summary>
[Flags]
public enum Allow
{
    Secretariat = 1,
    Addressee = 2,
    SecretariatOrAddressee = Secretariat | Addressee,
}

public static class AppRoles
{
    public const string Secretariat = "Secretariat";
    public const string Addressee = "Addressee";
}

/// <summary>Either the caller, or the problem (401 or 403) to answer with.</summary>
public sealed record CallerCheck(Caller? Caller, Problem? Problem)
{
    public bool Allowed => Caller is not null;
}

/// <summary>
/// Validates the bearer token with the JWT bearer handler Microsoft.Identity.Web configured, then maps the
/// user to a caller: the Secretariat role, or the Addressee role plus a row in the membership table.
/// </summary>
public sealed class CallerResolver(IAddresseeRepository addressees, ILogger<CallerResolver> logger)
{
    public async Task<CallerCheck> CheckAsync(HttpRequest request, Allow allow, CancellationToken cancellationToken)
    {
        var result = await request.HttpContext.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal?.Identity?.IsAuthenticated != true)
        {
            if (result.Failure is not null)
            {
                logger.LogInformation("Bearer token refused: {Reason}", result.Failure.Message);
            }
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return new CallerCheck(null, new Problem(401, "Sign-in required",
                result.Failure is null ? "Send a bearer token from sign-in." : "The bearer token is not valid: it may have expired, be meant for another application, or not be signed by the expected issuer."));
        }

        var principal = result.Principal;
        var userId = FirstClaim(principal, "oid", "http://schemas.microsoft.com/identity/claims/objectidentifier", "sub", ClaimTypes.NameIdentifier);
        var name = FirstClaim(principal, "name", ClaimTypes.Name, "preferred_username") ?? userId ?? "unknown";
        if (userId is null)
        {
            return new CallerCheck(null, new Problem(401, "Sign-in required", "The token does not say who the user is (no oid claim)."));
        }
        var roles = principal.Claims.Where(c => c.Type is "roles" or "role" or ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

        if (allow.HasFlag(Allow.Secretariat) && roles.Contains(AppRoles.Secretariat))
        {
            return new CallerCheck(Caller.Secretariat(userId, name), null);
        }
        if (allow.HasFlag(Allow.Addressee) && roles.Contains(AppRoles.Addressee))
        {
            var addresseeId = await addressees.FindMembershipAsync(userId, cancellationToken);
            if (addresseeId is null)
            {
                return new CallerCheck(null, new Problem(403, "Not a member of any addressee", "Your account is not yet linked to a State or organisation. Ask the secretariat to add you as a member."));
            }
            return new CallerCheck(Caller.MemberOf(addresseeId, userId, name), null);
        }
        return new CallerCheck(null, new Problem(403, "Not allowed", $"This needs the {Describe(allow)} role."));
    }

    private static string Describe(Allow allow) => allow switch
    {
        Allow.Secretariat => AppRoles.Secretariat,
        Allow.Addressee => AppRoles.Addressee,
        _ => $"{AppRoles.Secretariat} or {AppRoles.Addressee}",
    };

    private static string? FirstClaim(ClaimsPrincipal principal, params string[] types)
        => types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ResponsePortal.Azure.Identity;

namespace ResponsePortal.DevHost.Auth;

/// <summary>A demo user: who they are and what they may do.</summary>
public sealed record Persona(string Key, string UserId, string DisplayName, string Role, string? AddresseeId);

/// <summary>
/// Local sign-in: tokens for demo personas, signed with a local ECDSA key and validated by the same
/// Microsoft.Identity.Web bearer pipeline as in Azure. Never part of the Functions app.
/// </summary>
public sealed class DevTokens
{
    public const string Issuer = "https://login.responseportal.localhost/dev-tenant/v2.0";
    public const string TenantId = "dev-tenant";
    public const string ClientId = "responseportal-dev";
    public const string Audience = "api://responseportal-dev";

    public static readonly IReadOnlyList<Persona> Personas =
    [
        new("secretariat", "dev-secretariat-officer", "Secretariat officer (demo)", AppRoles.Secretariat, null),
        new("usa", "dev-usa-officer", "Officer, Permanent Mission of the United States (demo)", AppRoles.Addressee, "USA"),
        new("romania", "dev-rou-officer", "Officer, Permanent Mission of Romania (demo)", AppRoles.Addressee, "ROU"),
        new("uk", "dev-gbr-officer", "Officer, Permanent Mission of the United Kingdom (demo)", AppRoles.Addressee, "GBR"),
        new("facebook", "dev-facebook-counsel", "Legal counsel, Facebook (demo)", AppRoles.Addressee, "facebook"),
    ];

    private readonly ECDsa _key;

    public DevTokens(ECDsa key)
    {
        _key = key;
        SigningKey = new ECDsaSecurityKey(key) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16] };
    }

    public ECDsaSecurityKey SigningKey { get; }

    /// <summary>Keeps the key in the data folder so tokens survive a restart of the host.</summary>
    public static DevTokens LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "dev-token-key.pem");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        }
        return new DevTokens(key);
    }

    public static DevTokens CreateEphemeral() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static Persona? FindPersona(string key) => Personas.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Token lifetimes use the real clock: the dev clock moves letters' deadlines, not sign-in.</summary>
    public string Issue(Persona persona, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null, string? audience = null, string? role = null)
        => Issue(persona.UserId, persona.DisplayName, role ?? persona.Role, lifetime, issuedAt, audience);

    public string Issue(string userId, string displayName, string? role, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null, string? audience = null)
    {
        var now = issuedAt ?? TimeProvider.System.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["oid"] = userId,
            ["sub"] = userId,
            ["tid"] = TenantId,
            ["name"] = displayName,
            ["ver"] = "2.0",
        };
        if (role is not null)
        {
            claims["roles"] = new[] { role };
        }
        else
        {
            claims["scp"] = "access_as_user";
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-5),
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(8)).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The configuration values Microsoft.Identity.Web needs, pointing at the local issuer.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Configuration() =>
    [
        new("AzureAd:Instance", "https://login.responseportal.localhost/"),
        new("AzureAd:TenantId", TenantId),
        new("AzureAd:ClientId", ClientId),
        new("AzureAd:Audience", Audience),
    ];

    /// <summary>After Microsoft.Identity.Web configured the bearer handler, trust only the local key and issuer (no metadata download).</summary>
    public void ConfigureBearer(IServiceCollection services)
    {
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(SigningKey);
            options.Configuration = configuration;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            options.Authority = null;
            options.MetadataAddress = null!;
            options.RequireHttpsMetadata = false;
            var parameters = options.TokenValidationParameters;
            parameters.IssuerValidator = null;
            parameters.ValidIssuer = Issuer;
            parameters.ValidIssuers = [Issuer];
            parameters.IssuerSigningKey = SigningKey;
            parameters.IssuerSigningKeys = [SigningKey];
            parameters.ValidAudiences = [Audience, ClientId];
            parameters.ClockSkew = TimeSpan.Zero;
        });
    }
}

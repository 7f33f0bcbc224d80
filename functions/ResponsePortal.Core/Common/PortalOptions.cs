using System.ComponentModel.DataAnnotations;

namespace ResponsePortal.Common;

public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The secretariat's time zone: windows close at the end of a day here.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Zurich";

    [Range(1, 3650)]
    public int DefaultReplyWindowDays { get; set; } = 60;

    /// <summary>A window is "due soon" when it closes within this many days.</summary>
    [Range(1, 365)]
    public int DueSoonDays { get; set; } = 7;

    [Range(1, 1024)]
    public int MaxLetterSizeMegabytes { get; set; } = 50;

    public string PortalBaseUrl { get; set; } = "http://localhost:7071";

    public string PublicSiteBaseUrl { get; set; } = "http://localhost:7071/site";

    public TimeZoneInfo SecretariatTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ResponsePortal.Communications;

public enum CommunicationType
{
    /// <summary>Allegation letter.</summary>
    AL,
    /// <summary>Urgent appeal.</summary>
    UA,
    /// <summary>Other letter.</summary>
    OL,
}

/// <summary>
/// A communication's reference, such as <c>AL USA 2/2021</c>: type, addressee code (ISO 3166-1 alpha-3,
/// or OTH for companies and other bodies), number and year.
/// </summary>
public sealed partial record Reference(CommunicationType Type, string AddresseeCode, int Number, int Year)
{
    // ASCII digits and spaces only: \d and \s would also match Arabic-Indic or fullwidth digits and other spaces,
    // which int.Parse then refuses.
    [GeneratedRegex(@"^ *(?<type>[A-Za-z]{2}) +(?<code>[A-Za-z]{3}) +(?<number>[0-9]{1,5}) */ *(?<year>[0-9]{4}) *\z")]
    private static partial Regex Pattern();

    public string Slug => $"{Type.ToString().ToLowerInvariant()}-{AddresseeCode.ToLowerInvariant()}-{Number}-{Year}";

    public override string ToString() => $"{Type} {AddresseeCode} {Number}/{Year}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out Reference? reference, out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A reference is required, for example \"AL USA 2/2021\".";
            return false;
        }

        if (Common.TextRules.Refusal(text, Common.TextKind.SingleLine) is { } refusal)
        {
            error = "The reference " + refusal;
            return false;
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            error = $"\"{Common.TextRules.Shown(text)}\" is not a reference of the form TYPE CODE NUMBER/YEAR, for example \"AL USA 2/2021\".";
            return false;
        }

        if (!Enum.TryParse<CommunicationType>(match.Groups["type"].Value, ignoreCase: true, out var type))
        {
            error = $"\"{match.Groups["type"].Value}\" is not a communication type; use AL (allegation letter), UA (urgent appeal) or OL (other letter).";
            return false;
        }

        var code = match.Groups["code"].Value.ToUpperInvariant();
        if (code != OtherAddresseeCode && !CountryCodes.IsAlpha3(code))
        {
            error = $"\"{code}\" is neither an ISO 3166-1 alpha-3 country code nor OTH (companies and other bodies).";
            return false;
        }

        var number = int.Parse(match.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (number < 1)
        {
            error = "The reference number starts at 1.";
            return false;
        }
        if (year is < 1990 or > 2200)
        {
            error = $"{year} is not a plausible year for a communication.";
            return false;
        }

        reference = new Reference(type, code, number, year);
        error = null;
        return true;
    }

    public const string OtherAddresseeCode = "OTH";

    public static string SlugOf(string referenceText)
        => TryParse(referenceText, out var reference, out _) ? reference.Slug : throw new FormatException($"Invalid reference {referenceText}");
}

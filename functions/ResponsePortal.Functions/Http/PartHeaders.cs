using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ResponsePortal.Functions.Http;

/// <summary>The name and file name of a multipart section, read from its Content-Disposition header.</summary>
public static class PartHeaders
{
    /// <summary>
    /// False when the section has no usable <c>form-data</c> disposition with a name. Reading an RFC 5987
    /// <c>filename*</c> that is cut short (<c>filename*=utf-8</c>) throws ArgumentException inside the header
    /// library; that is the client's malformed header, so it is a refusal here, not an error.
    /// </summary>
    public static bool TryRead(MultipartSection section, out string name, out string? fileName)
    {
        name = "";
        fileName = null;
        try
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } partName)
            {
                return false;
            }
            name = partName;
            if (disposition.IsFileDisposition())
            {
                var star = disposition.FileNameStar.Value;
                fileName = !string.IsNullOrEmpty(star) ? star : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
            }
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

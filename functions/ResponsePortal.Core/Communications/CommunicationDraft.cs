namespace ResponsePortal.Communications;

/// <summary>What the secretariat (or an intake package) says about a letter it registers.</summary>
public sealed class CommunicationDraft
{
    public string? Reference { get; set; }
    public string? AddresseeId { get; set; }
    public string? Subject { get; set; }
    public string? Summary { get; set; }
    public List<string>? Mandates { get; set; }
    /// <summary>The date the letter was sent, yyyy-MM-dd.</summary>
    public string? SentOn { get; set; }
    /// <summary>Calendar days to reply; the deployment's default (60) when absent.</summary>
    public int? ReplyWindowDays { get; set; }
}

/// <summary>A file that came with a request: its name as given, its length, its bytes.</summary>
public sealed record FileUpload(string FileName, long Length, Stream Content);

/// <summary>A case: several related letters registered together, all or none.</summary>
public sealed class CaseDraft
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public List<CaseLetterDraft>? Communications { get; set; }
}

public sealed class CaseLetterDraft
{
    public CommunicationDraft? Communication { get; set; }
    /// <summary>The form field (API) or file name (intake) that holds this letter.</summary>
    public string? LetterFile { get; set; }
    public string? PublicVersionFile { get; set; }
}

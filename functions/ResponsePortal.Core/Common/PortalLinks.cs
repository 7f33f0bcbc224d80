namespace ResponsePortal.Common;

/// <summary>
/// Links into the portal's pages (web/), for mails, notices and calendar events. The pages take the slug as a query
/// parameter, and a reader who is not signed in is sent to sign-in and back to the same page.
/// </summary>
public static class PortalLinks
{
    /// <summary>The page where an addressee reads a letter and replies (web/letter.html).</summary>
    public static string LetterForAddressee(string portalBaseUrl, string slug)
        => portalBaseUrl.TrimEnd('/') + "/letter.html?slug=" + Uri.EscapeDataString(slug);

    /// <summary>The secretariat's page of a communication, with its replies and timeline (web/communication.html).</summary>
    public static string CommunicationForSecretariat(string portalBaseUrl, string slug)
        => portalBaseUrl.TrimEnd('/') + "/communication.html?slug=" + Uri.EscapeDataString(slug);

    /// <summary>The addressee's page of one reply's receipt (web/receipt.html).</summary>
    public static string ReceiptForAddressee(string portalBaseUrl, string slug, string replyId)
        => portalBaseUrl.TrimEnd('/') + "/receipt.html?slug=" + Uri.EscapeDataString(slug) + "&reply=" + Uri.EscapeDataString(replyId);

    /// <summary>The secretariat's reminder log (web/reminders.html).</summary>
    public static string ReminderLog(string portalBaseUrl) => portalBaseUrl.TrimEnd('/') + "/reminders.html";
}

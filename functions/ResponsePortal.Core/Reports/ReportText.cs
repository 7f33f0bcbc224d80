using System.Globalization;
using ResponsePortal.Communications;
using ResponsePortal.Publication;
using ResponsePortal.Replies;

namespace ResponsePortal.Reports;

/// <summary>
/// The report's fixed sentences in English, French and Spanish. Dates, the late mark and the withheld/held-back
/// sentences come from <see cref="SiteText"/>, so the report says them exactly as the public pages do.
/// </summary>
public sealed record ReportText
{
    public required SiteText Site { get; init; }
    public string Language => Site.Language;
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string Period { get; init; }
    public required string Session { get; init; }
    public required string Version { get; init; }
    public required string CutOff { get; init; }
    public required string Draft { get; init; }
    public required string CorrigendumTitle { get; init; }
    public required string Changes { get; init; }
    public required string Totals { get; init; }
    public required string Sent { get; init; }
    public required string Replied { get; init; }
    public required string OnTime { get; init; }
    public required string Late { get; init; }
    public required string NotReplied { get; init; }
    public required string RepliesReceived { get; init; }
    public required string ReplyRate { get; init; }
    public required string LettersSent { get; init; }
    public required string RepliesInPeriod { get; init; }
    public required string Reference { get; init; }
    public required string Date { get; init; }
    public required string Type { get; init; }
    public required string Mandates { get; init; }
    public required string Subject { get; init; }
    public required string ReplyDue { get; init; }
    public required string Reply { get; init; }
    public required string Received { get; init; }
    public required string Status { get; init; }
    public required string NotYetPublic { get; init; }
    public required string ReplyNotYetPublic { get; init; }
    public required string Published { get; init; }
    public required string Downloads { get; init; }
    public required string OtherLanguages { get; init; }
    public required string Versions { get; init; }
    public required string AllReports { get; init; }
    public required string NoReports { get; init; }
    public required string Nothing { get; init; }
    /// <summary>A corrigendum's changed rows: {0} the reference; for a reply {1} the day it was received.</summary>
    public required string LetterAdded { get; init; }
    public required string LetterChanged { get; init; }
    public required string LetterRemoved { get; init; }
    public required string ReplyAdded { get; init; }
    public required string ReplyChanged { get; init; }
    public required string ReplyRemoved { get; init; }

    public static readonly ReportText English = new()
    {
        Site = SiteText.English,
        Title = "Communications report",
        Intro = "Communications sent by the special procedures in the period and replies received in it, by addressee, with links to the full texts. A letter whose reply window is still open at the cut-off is listed with its reference, date and addressee only: it is published, with any reply, after its window.",
        Period = "Period", Session = "Session", Version = "Version", CutOff = "Cut-off",
        Draft = "Draft: not published. Figures change until the report is final.",
        CorrigendumTitle = "Corrigendum", Changes = "What changed",
        Totals = "Totals for the period", Sent = "Sent", Replied = "Replied", OnTime = "On time", Late = "Late", NotReplied = "Not replied",
        RepliesReceived = "Replies received in the period", ReplyRate = "Reply rate",
        LettersSent = "Communications sent", RepliesInPeriod = "Replies received",
        Reference = "Reference", Date = "Date", Type = "Type", Mandates = "Mandates", Subject = "Subject and summary", ReplyDue = "Reply due",
        Reply = "Reply", Received = "Received", Status = "Status",
        NotYetPublic = "Reply window open at the cut-off: the letter will be public after its window.",
        ReplyNotYetPublic = "Public with the letter after its reply window.",
        Published = "Published", Downloads = "This report as", OtherLanguages = "Other languages", Versions = "Versions",
        AllReports = "Communications reports to the Human Rights Council", NoReports = "No report has been published yet.",
        Nothing = "None.",
        LetterAdded = "Communication {0} added.", LetterChanged = "Communication {0} changed.", LetterRemoved = "Communication {0} removed.",
        ReplyAdded = "Reply to {0} received on {1} added.", ReplyChanged = "Reply to {0} received on {1} changed.", ReplyRemoved = "Reply to {0} received on {1} removed.",
    };

    public static readonly ReportText French = new()
    {
        Site = SiteText.French,
        Title = "Rapport sur les communications",
        Intro = "Communications envoyées par les procédures spéciales pendant la période et réponses reçues pendant celle-ci, par destinataire, avec des liens vers les textes complets. Une lettre dont le délai de réponse court encore à la date d'arrêté figure avec sa référence, sa date et son destinataire seulement : elle est publiée, avec toute réponse, à l'expiration du délai.",
        Period = "Période", Session = "Session", Version = "Version", CutOff = "Arrêté au",
        Draft = "Projet : non publié. Les chiffres changent jusqu'à ce que le rapport soit définitif.",
        CorrigendumTitle = "Rectificatif", Changes = "Modifications",
        Totals = "Totaux de la période", Sent = "Envoyées", Replied = "Avec réponse", OnTime = "Dans les délais", Late = "Tardives", NotReplied = "Sans réponse",
        RepliesReceived = "Réponses reçues pendant la période", ReplyRate = "Taux de réponse",
        LettersSent = "Communications envoyées", RepliesInPeriod = "Réponses reçues",
        Reference = "Référence", Date = "Date", Type = "Type", Mandates = "Mandats", Subject = "Objet et résumé", ReplyDue = "Réponse attendue le",
        Reply = "Réponse", Received = "Reçue le", Status = "Statut",
        NotYetPublic = "Délai de réponse en cours à la date d'arrêté : la lettre sera publique à l'expiration du délai.",
        ReplyNotYetPublic = "Publique avec la lettre à l'expiration du délai de réponse.",
        Published = "Publié", Downloads = "Ce rapport en", OtherLanguages = "Autres langues", Versions = "Versions",
        AllReports = "Rapports sur les communications au Conseil des droits de l'homme", NoReports = "Aucun rapport n'a encore été publié.",
        Nothing = "Aucune.",
        LetterAdded = "Communication {0} ajoutée.", LetterChanged = "Communication {0} modifiée.", LetterRemoved = "Communication {0} retirée.",
        ReplyAdded = "Réponse à {0} reçue le {1} ajoutée.", ReplyChanged = "Réponse à {0} reçue le {1} modifiée.", ReplyRemoved = "Réponse à {0} reçue le {1} retirée.",
    };

    public static readonly ReportText Spanish = new()
    {
        Site = SiteText.Spanish,
        Title = "Informe sobre las comunicaciones",
        Intro = "Comunicaciones enviadas por los procedimientos especiales durante el período y respuestas recibidas en él, por destinatario, con enlaces a los textos completos. Una carta cuyo plazo de respuesta sigue abierto en la fecha de corte figura solo con su referencia, su fecha y su destinatario: se publica, con cualquier respuesta, al vencer el plazo.",
        Period = "Período", Session = "Período de sesiones", Version = "Versión", CutOff = "Fecha de corte",
        Draft = "Borrador: no publicado. Las cifras cambian hasta que el informe sea definitivo.",
        CorrigendumTitle = "Corrección", Changes = "Cambios",
        Totals = "Totales del período", Sent = "Enviadas", Replied = "Con respuesta", OnTime = "Dentro del plazo", Late = "Tardías", NotReplied = "Sin respuesta",
        RepliesReceived = "Respuestas recibidas en el período", ReplyRate = "Tasa de respuesta",
        LettersSent = "Comunicaciones enviadas", RepliesInPeriod = "Respuestas recibidas",
        Reference = "Referencia", Date = "Fecha", Type = "Tipo", Mandates = "Mandatos", Subject = "Asunto y resumen", ReplyDue = "Respuesta esperada el",
        Reply = "Respuesta", Received = "Recibida el", Status = "Estado",
        NotYetPublic = "Plazo de respuesta abierto en la fecha de corte: la carta será pública al vencer el plazo.",
        ReplyNotYetPublic = "Pública con la carta al vencer el plazo de respuesta.",
        Published = "Publicado", Downloads = "Este informe en", OtherLanguages = "Otros idiomas", Versions = "Versiones",
        AllReports = "Informes sobre las comunicaciones al Consejo de Derechos Humanos", NoReports = "Todavía no se ha publicado ningún informe.",
        Nothing = "Ninguna.",
        LetterAdded = "Comunicación {0} añadida.", LetterChanged = "Comunicación {0} modificada.", LetterRemoved = "Comunicación {0} retirada.",
        ReplyAdded = "Respuesta a {0} recibida el {1} añadida.", ReplyChanged = "Respuesta a {0} recibida el {1} modificada.", ReplyRemoved = "Respuesta a {0} recibida el {1} retirada.",
    };

    public static IReadOnlyList<ReportText> All => [English, French, Spanish];

    public static ReportText For(string? language) => All.FirstOrDefault(t => t.Language == language) ?? English;

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Site.CultureName);

    public string FormatDate(DateOnly day) => Site.FormatDate(day.ToDateTime(TimeOnly.MinValue));

    public string FormatInstant(DateTimeOffset at) => Site.FormatInstant(at.UtcDateTime);

    public string Rate(double? rate) => rate is { } r ? r.ToString("P0", Culture) : "–";

    public string LetterStatus(ReportLetter letter) => letter.ReplyStatus switch
    {
        ReplyStatus.OnTime => Site.RepliedOnTime,
        ReplyStatus.Late => letter.DaysLate is > 0 ? $"{Site.RepliedLate} ({Site.DaysLate(letter.DaysLate.Value)})" : Site.RepliedLate,
        _ => Site.NoReply,
    };

    public string ReplyTiming(ReportReply reply) => reply.DaysLate > 0 ? Site.DaysLate(reply.DaysLate) : Site.OnTime;

    /// <summary>What the public sees of a reply, in the public page's own words (a withheld reply's category in words, never its code).</summary>
    public string ReplyVisibility(ReportReply reply) => reply.Status switch
    {
        ReportReplyVisibility.Withheld => $"{Site.WithheldReply} {(reply.ReasonCategory is { } category ? ConfidentialityCategories.InWords(category, Language) : "")}".TrimEnd(),
        ReportReplyVisibility.Pending => Site.PendingReply,
        ReportReplyVisibility.NotYetPublic => ReplyNotYetPublic,
        _ => Published,
    };

    /// <summary>A corrigendum's changed row as a sentence in this language ("Réponse à AL ROU 1/2021 reçue le 30 mars 2021 ajoutée.").</summary>
    public string ChangeText(ReportChange change)
    {
        var template = (change.Row, change.Change) switch
        {
            (ReportChange.Letter, ReportChange.Added) => LetterAdded,
            (ReportChange.Letter, ReportChange.Removed) => LetterRemoved,
            (ReportChange.Letter, _) => LetterChanged,
            (_, ReportChange.Added) => ReplyAdded,
            (_, ReportChange.Removed) => ReplyRemoved,
            _ => ReplyChanged,
        };
        return string.Format(Culture, template, change.Reference, change.ReceivedOn is { } day ? FormatDate(day) : "");
    }

    /// <summary>"Communications report: HRC 47", with the language's colon.</summary>
    public string TitleOf(string periodName) => $"{Title}{Site.Colon}{periodName}";

    public string PeriodText(CommunicationReport report) => $"{FormatDate(report.StartsOn)} – {FormatDate(report.EndsOn)}";
}

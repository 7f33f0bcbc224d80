namespace ResponsePortal.Communications;

/// <summary>Letters on one subject to several addressees ("related communications").</summary>
public sealed record Case(string Id, string Title, IReadOnlyList<string> Slugs, DateTimeOffset RegisteredAt);

/// <summary>The sender of a communication: a Special Rapporteur, a Working Group or another mandate.</summary>
public sealed record Mandate(string Id, string Name);

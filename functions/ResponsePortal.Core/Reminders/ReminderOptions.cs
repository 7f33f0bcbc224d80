using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace ResponsePortal.Reminders;

public enum ReminderTransportKind
{
    StorageQueue,
    ServiceBus,
}

/// <summary>The <c>Reminders</c> section: when reminders fall due and how they travel.</summary>
public sealed class ReminderOptions : IValidatableObject
{
    public const string Section = "Reminders";

    /// <summary>Days before the close a reminder is due, as a comma-separated list ("30,14,7,1").</summary>
    [Required]
    public string OffsetsDays { get; set; } = "30,14,7,1";

    public ReminderTransportKind Transport { get; set; } = ReminderTransportKind.StorageQueue;

    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    public string QueueName { get; set; } = "reminders";

    /// <summary>Delivery attempts before a reminder is dead-lettered (the Service Bus queue is set to the same number).</summary>
    [Range(1, 100)]
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>How far back the very first sweep looks, so closures just before deployment are not missed.</summary>
    [Range(0, 366)]
    public int FirstSweepLookbackDays { get; set; } = 1;

    /// <summary>Reminder messages one delivery run takes from the queue.</summary>
    [Range(1, 500)]
    public int DeliveryBatchSize { get; set; } = 32;

    /// <summary>
    /// The secretariat's mailbox: it gets a mail for each reply (marked when late) and the weekly digest. Empty: those
    /// mails are not sent, and the reminder log says so.
    /// </summary>
    [EmailAddress]
    public string? SecretariatMailbox { get; set; }

    /// <summary>The language of the secretariat's mails (each reply, the weekly digest): en, fr or es.</summary>
    [Required, RegularExpression("^(?i:en|fr|es)$", ErrorMessage = "Reminders:SecretariatLanguage is en, fr or es.")]
    public string SecretariatLanguage { get; set; } = "en";

    public IReadOnlyList<int> Offsets() => ParseOffsets(OffsetsDays) ?? throw new InvalidOperationException("Reminders:OffsetsDays is not a list of days.");

    public static IReadOnlyList<int>? ParseOffsets(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var offsets = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 365)
            {
                return null;
            }
            offsets.Add(days);
        }
        return offsets.Distinct().OrderByDescending(d => d).ToList();
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParseOffsets(OffsetsDays) is null)
        {
            yield return new ValidationResult("Reminders:OffsetsDays is a comma-separated list of whole days from 1 to 365, such as \"30,14,7,1\".", [nameof(OffsetsDays)]);
        }
    }
}

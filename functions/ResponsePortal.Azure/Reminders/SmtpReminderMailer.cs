using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ResponsePortal.Reminders;

namespace ResponsePortal.Azure.Reminders;

public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    [Required, EmailAddress]
    public string From { get; set; } = "secretariat@responseportal.local";

    /// <summary>When set, the sender signs in as <see cref="From"/> with it (a Key Vault reference in Azure).</summary>
    public string? Password { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Reminder and notification emails over SMTP with MailKit: plain text and HTML alternatives in one message, and any attachments.</summary>
public sealed class SmtpReminderMailer(IOptions<SmtpOptions> options) : IReminderMailer
{
    public async Task SendAsync(ReminderEmail email, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("ResponsePortal secretariat", settings.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.Headers.Add(HeaderId.ContentLanguage, email.Language);
        var body = new BodyBuilder { TextBody = email.PlainText, HtmlBody = email.Html };
        foreach (var attachment in email.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        message.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        await client.ConnectAsync(settings.Host, settings.Port, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Password))
        {
            await client.AuthenticateAsync(settings.From, settings.Password, cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

using System.Text;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using ResponsePortal.Addressees;
using ResponsePortal.Audit;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Documents;

namespace ResponsePortal.Core.Tests.Communications;

public sealed class CommunicationRegistrationTests
{
    private readonly Mock<ICommunicationRepository> _communications = new(MockBehavior.Strict);
    private readonly Mock<ICaseRepository> _cases = new(MockBehavior.Strict);
    private readonly Mock<IAddresseeRepository> _addressees = new();
    private readonly Mock<IDocumentStore> _documents = new(MockBehavior.Strict);
    private readonly Mock<IEventLog> _events = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2021, 1, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly CommunicationRegistration _registration;
    private readonly FakeLogger<CommunicationRegistration> _logger = new();
    private static readonly Caller Secretariat = Caller.Secretariat("officer-1", "Officer");

    public CommunicationRegistrationTests()
    {
        _addressees.Setup(a => a.FindAsync("USA", It.IsAny<CancellationToken>())).ReturnsAsync(new Addressee("USA", AddresseeKind.State, "United States of America", "en"));
        _addressees.Setup(a => a.FindAsync("facebook", It.IsAny<CancellationToken>())).ReturnsAsync(new Addressee("facebook", AddresseeKind.Company, "Facebook", "en"));
        _communications.Setup(c => c.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((Communication?)null);
        _registration = new CommunicationRegistration(_communications.Object, _cases.Object, _addressees.Object, _documents.Object, _events.Object, _clock,
            Options.Create(new PortalOptions { MaxLetterSizeMegabytes = 1 }), _logger);
    }

    private static CommunicationDraft Draft(string reference = "AL USA 2/2021", string addressee = "USA") => new()
    {
        Reference = reference,
        AddresseeId = addressee,
        Subject = "Images of girls shared on Instagram",
        Summary = "Summary",
        Mandates = ["Special Rapporteur on violence against women"],
        SentOn = "2021-01-25",
    };

    private static FileUpload Pdf(long? length = null)
    {
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4\nstartxref\n0\n%%EOF\n");
        return new FileUpload("letter.pdf", length ?? bytes.Length, new MemoryStream(bytes));
    }

    [Fact]
    public async Task Valid_letter_is_stored_then_recorded_with_its_window()
    {
        _documents.Setup(d => d.StoreAsync("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", It.IsAny<Stream>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredDocument("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", 15, "ab"));
        _communications.Setup(c => c.TryAddAsync(It.IsAny<Communication>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var outcome = await _registration.RegisterAsync(Secretariat, Draft(), Pdf(), null, default);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Equal(new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero), outcome.Value!.Window.ClosesAt);
        Assert.Equal(_clock.GetUtcNow(), outcome.Value.RegisteredAt);
        _events.Verify(e => e.AppendAsync(It.Is<CommunicationEvent>(ev => ev.Kind == CommunicationEvent.Registered && ev.Actor == "officer-1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_registration_is_logged_with_the_closing_instant_in_iso_8601()
    {
        _documents.Setup(d => d.StoreAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredDocument("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", 15, "ab"));
        _communications.Setup(c => c.TryAddAsync(It.IsAny<Communication>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await _registration.RegisterAsync(Secretariat, Draft(), Pdf(), null, default);

        Assert.Equal("Communication AL USA 2/2021 registered for USA, window closes 2021-03-26T22:59:59.9990000+00:00", _logger.LatestRecord.Message);
    }

    [Fact]
    public async Task Every_mistake_is_reported_at_once_and_nothing_is_stored()
    {
        var draft = new CommunicationDraft { Reference = "AL XYZ 2/2021", AddresseeId = "nobody", Subject = "", Mandates = [], SentOn = "25/01/2021" };

        var outcome = await _registration.RegisterAsync(Secretariat, draft, null, null, default);

        Assert.Equal(400, outcome.Problem!.Status);
        Assert.Equal(["addresseeId", "letter", "mandates", "reference", "sentOn", "subject"], outcome.Problem.Errors!.Keys.Order());
        _documents.VerifyNoOtherCalls();
        _communications.Verify(c => c.TryAddAsync(It.IsAny<Communication>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Reference_code_must_match_the_addressee()
    {
        var outcome = await _registration.RegisterAsync(Secretariat, Draft("AL USA 3/2021", "facebook"), Pdf(), null, default);

        Assert.Equal(400, outcome.Problem!.Status);
        Assert.Contains("OTH", outcome.Problem.Errors!["reference"][0]);
    }

    [Fact]
    public async Task Letter_sent_after_today_in_Geneva_is_refused()
    {
        var draft = Draft();
        draft.SentOn = "2021-01-26";

        var outcome = await _registration.RegisterAsync(Secretariat, draft, Pdf(), null, default);

        Assert.Contains("sentOn", outcome.Problem!.Errors!.Keys);
    }

    [Fact]
    public async Task Duplicate_reference_is_a_conflict()
    {
        _communications.Setup(c => c.FindAsync("al-usa-2-2021", It.IsAny<CancellationToken>())).ReturnsAsync(CommunicationTests.UsaLetter());

        var outcome = await _registration.RegisterAsync(Secretariat, Draft(), Pdf(), null, default);

        Assert.Equal(409, outcome.Problem!.Status);
        _documents.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Html_file_named_like_a_pdf_is_unsupported_media()
    {
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");

        var outcome = await _registration.RegisterAsync(Secretariat, Draft(), new FileUpload("letter.pdf", html.Length, new MemoryStream(html)), null, default);

        Assert.Equal(415, outcome.Problem!.Status);
        _documents.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Letter_over_the_size_limit_is_too_large()
    {
        var outcome = await _registration.RegisterAsync(Secretariat, Draft(), Pdf(length: 1024 * 1024 + 1), null, default);

        Assert.Equal(413, outcome.Problem!.Status);
        _documents.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Stored_letter_is_removed_when_the_record_loses_a_race()
    {
        _documents.Setup(d => d.StoreAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredDocument("al-usa-2-2021/letter/letter.pdf", "letter.pdf", "application/pdf", 15, "ab"));
        _documents.Setup(d => d.DeleteAsync("al-usa-2-2021/letter/letter.pdf", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _communications.Setup(c => c.TryAddAsync(It.IsAny<Communication>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var outcome = await _registration.RegisterAsync(Secretariat, Draft(), Pdf(), null, default);

        Assert.Equal(409, outcome.Problem!.Status);
        _documents.Verify(d => d.DeleteAsync("al-usa-2-2021/letter/letter.pdf", It.IsAny<CancellationToken>()), Times.Once);
    }
}

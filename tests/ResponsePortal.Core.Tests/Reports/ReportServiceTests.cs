using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using ResponsePortal.Addressees;
using ResponsePortal.Common;
using ResponsePortal.Communications;
using ResponsePortal.Publication;
using ResponsePortal.Replies;
using ResponsePortal.Reports;
using static ResponsePortal.Core.Tests.Reports.ReportTestData;

namespace ResponsePortal.Core.Tests.Reports;

public sealed class ReportServiceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rp-report-" + Guid.NewGuid().ToString("N"));
    private readonly Mock<IReportingPeriods> _periods = new();
    private readonly Mock<IReportIndex> _index = new();
    private readonly InMemoryPublicationLog _log = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2021, 5, 3, 9, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ReportService Service()
    {
        var site = new SiteBuilder(new LocalFolderSiteOutput(_root), new SyntheticArchive(7, Geneva), new SiteSettings { BaseUrl = "https://example.org/" }, Geneva);
        var addressees = new Mock<IAddresseeRepository>();
        addressees.Setup(a => a.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _index.Setup(i => i.ListSentAsync(It.IsAny<DateOnly>(), It.IsAny<DateOnly>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _index.Setup(i => i.ListRepliesAsync(It.IsAny<DateOnly>(), It.IsAny<DateOnly>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        return new ReportService(_periods.Object, _index.Object, Mock.Of<ICommunicationRepository>(), addressees.Object, Mock.Of<IReplyReader>(),
            new ReportPublisher(site, _log, _clock, NullLogger<ReportPublisher>.Instance), new InProcessPublisherLock(), _clock, Geneva, NullLogger<ReportService>.Instance);
    }

    [Fact]
    public async Task Finalising_a_draft_that_was_changed_meanwhile_is_a_conflict_and_leaves_it_a_draft()
    {
        var period = Period("2021-01-01", "2021-04-30");
        _periods.Setup(p => p.FindAsync(period.Id, It.IsAny<CancellationToken>())).ReturnsAsync(period);
        _periods.Setup(p => p.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([period]);
        _periods.Setup(p => p.TryUpdateAsync(period, It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var outcome = await Service().FinaliseAsync(Caller.System("test"), period.Id, default);

        Assert.Equal(409, outcome.Problem?.Status);
        Assert.Contains("still a draft", outcome.Problem!.Detail);
    }

    [Fact]
    public async Task Finalising_publishes_one_report_entry_whose_manifest_names_every_file_of_the_version()
    {
        var period = Period("2021-01-01", "2021-04-30");
        _periods.Setup(p => p.FindAsync(period.Id, It.IsAny<CancellationToken>())).ReturnsAsync(period);
        _periods.Setup(p => p.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([period]);
        _periods.Setup(p => p.TryUpdateAsync(period, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var outcome = await Service().FinaliseAsync(Caller.System("test"), period.Id, default);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        var entry = Assert.Single(await _log.ListAsync(1, 10, default));
        Assert.Equal((ReportPublisher.LogKind, ""), (entry.Kind, entry.Slug));
        var manifest = await File.ReadAllTextAsync(Path.Combine(_root, PublicationManifest.PathOf(1)));
        foreach (var path in new[] { "reports/hrc-17/v1/index.html", "fr/reports/hrc-17/v1/index.html", "es/reports/hrc-17/v1/index.html",
            "reports/hrc-17/v1/report-en.pdf", "reports/hrc-17/v1/report.csv", "reports/hrc-17/v1/report.json", "reports/feed.xml", "reports/report.css" })
        {
            Assert.Contains($"\"{path}\"", manifest);
            Assert.True(File.Exists(Path.Combine(_root, path)), path);
        }
    }
}

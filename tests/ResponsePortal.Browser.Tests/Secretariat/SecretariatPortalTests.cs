using System.Text;
using Microsoft.Playwright;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Secretariat;

/// <summary>
/// What a secretariat officer uses every day: finding a letter by reference, subject or addressee name; the lifecycle
/// and reply status as two filters; CSV exports of the dashboard's lists and of an audit trail; the directory's
/// change history.
/// </summary>
public sealed class SecretariatPortalTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static async Task<string> DownloadTextAsync(PortalPage tab, string selector)
    {
        var download = await tab.Page.RunAndWaitForDownloadAsync(() => tab.Page.ClickAsync(selector));
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 byte order mark, for spreadsheets
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public async Task Dashboard_finds_letters_by_addressee_name_filters_by_phase_and_reply_status_and_exports_what_it_shows()
    {
        await using var tab = await portal.OpenAsync(nameof(Dashboard_finds_letters_by_addressee_name_filters_by_phase_and_reply_status_and_exports_what_it_shows));
        await tab.SignInAsync("secretariat");
        var rows = tab.Page.Locator("#all tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(tab.Page.Locator("#all tr[data-slug='al-gbr-1-2021']")).ToContainTextAsync("United Kingdom of Great Britain and Northern Ireland");

        await tab.Page.FillAsync("#search", "great britain");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Page.Locator("#all-count")).ToHaveTextAsync("1 letter shown.");
        await tab.Page.FillAsync("#search", "AL ROU");
        await Assertions.Expect(tab.Page.Locator("#all tr[data-slug='al-rou-1-2021']")).ToHaveCountAsync(1);
        await tab.Page.FillAsync("#search", "instagram");
        await Assertions.Expect(rows).ToHaveCountAsync(4);

        await tab.Page.SelectOptionAsync("#reply-status-filter", "none");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await tab.Page.SelectOptionAsync("#reply-status-filter", "late");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        await Assertions.Expect(tab.Page.Locator("#all-count")).ToHaveTextAsync("0 letters shown.");
        await tab.Page.SelectOptionAsync("#reply-status-filter", "");
        await tab.Page.SelectOptionAsync("#phase-filter", "awaiting-reply");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await tab.ScreenshotAsync("filtered");
        await tab.AssertAccessibleAsync();

        await tab.Page.FillAsync("#search", "facebook");
        var csv = await DownloadTextAsync(tab, "button[data-csv='communications.csv']");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Reference,Subject,Addressee id,Addressee,Status,Reply,Closes (UTC),First reply (UTC)", lines[0]);
        var facebook = Assert.Single(lines[1..]);
        Assert.StartsWith("AL OTH 1/2021,Sexual abuse images of girls shared through Instagram accounts,facebook,\"Facebook (Meta Platforms, Inc.)\",Awaiting reply,No reply,2021-03-26T22:59:59.999", facebook);

        var rates = await DownloadTextAsync(tab, "button[data-csv='reply-rates.csv']");
        Assert.Contains("USA,United States of America,1,0,0,0,", rates);
    }

    [Fact]
    public async Task A_communication_s_audit_trail_reads_in_words_and_exports_as_csv()
    {
        await using var tab = await portal.OpenAsync(nameof(A_communication_s_audit_trail_reads_in_words_and_exports_as_csv));
        await tab.SignInAsync("secretariat");
        await tab.GotoAsync("/communication.html?slug=al-usa-2-2021");
        await Assertions.Expect(tab.Page.Locator("#content")).ToContainTextAsync("United States of America");
        await Assertions.Expect(tab.Page.Locator("#events tr[data-kind='communication-registered']")).ToContainTextAsync("Registered");

        var csv = await DownloadTextAsync(tab, "#export-events");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("When (UTC),Event,What,Who,Details", lines[0]);
        Assert.Contains(lines, l => l.Contains(",communication-registered,Registered,system:demo-seed,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Directory_changes_show_who_changed_what_and_when_on_the_addressee_page()
    {
        await using var tab = await portal.OpenAsync(nameof(Directory_changes_show_who_changed_what_and_when_on_the_addressee_page));
        await tab.SignInAsync("secretariat");
        await tab.GotoAsync("/addressees.html?id=ROU");
        await Assertions.Expect(tab.Page.Locator("#changes tr[data-kind='addressee-created']")).ToContainTextAsync("Romania");

        await tab.Page.FillAsync("#contact-form [name=email]", "legal-romania@example.org");
        await tab.Page.FillAsync("#contact-form [name=name]", "Legal adviser");
        await tab.Page.ClickAsync("#contact-form button[type=submit]");
        await Assertions.Expect(tab.Page.Locator("#contacts")).ToContainTextAsync("legal-romania@example.org");
        var added = tab.Page.Locator("#changes tr[data-kind='contact-added']", new PageLocatorOptions { HasText = "legal-romania@example.org" });
        await Assertions.Expect(added).ToContainTextAsync("Contact added");
        await Assertions.Expect(added).ToContainTextAsync("dev-secretariat-officer");
        await Assertions.Expect(added).ToContainTextAsync("name: Legal adviser");
        await tab.ScreenshotAsync("changes");
        await tab.AssertAccessibleAsync();

        var csv = await DownloadTextAsync(tab, "#export-changes");
        Assert.Contains(",contact-added,Contact added,dev-secretariat-officer,\"email: legal-romania@example.org\nname: Legal adviser\nlanguage: en\"", csv);
    }
}

using ResponsePortal.Functions.Replies;
using ResponsePortal.Replies;

namespace ResponsePortal.Integration.Tests.Replies;

public sealed class ReceiptPageTests
{
    private static SignedReceipt Receipt(bool onTime, int daysLate, string? confidentiality = null) => new(
        new ReceiptPayload(ReceiptPayload.CurrentVersion, "r-1", "reply-1", "AL USA 2/2021", "al-usa-2-2021", "USA", "United States of America",
            "dev-usa-officer", "2021-03-01T10:00:00.000Z", "2021-03-01T11:00:00.000+01:00 Europe/Zurich", "2021-03-26T22:59:59.999Z",
            onTime, daysLate, [new ReceiptFile("reply.pdf", 1234, "application/pdf", new string('a', 64))], confidentiality),
        new ReceiptSignature("ES256", "0123456789abcdef", "c2lnbmF0dXJl"));

    [Fact]
    public void A_reply_received_while_the_window_is_open_says_when_it_closes_not_that_it_closed()
    {
        var html = ReceiptPage.Render(Receipt(onTime: true, daysLate: 0));

        Assert.Contains("<dt>Reply window closes (UTC)</dt><dd>2021-03-26T22:59:59.999Z</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("window closed", html, StringComparison.Ordinal);
        Assert.Contains("On time", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_late_reply_says_the_window_closed_and_by_how_many_days_it_is_late()
    {
        var html = ReceiptPage.Render(Receipt(onTime: false, daysLate: 1));

        Assert.Contains("<dt>Reply window closed (UTC)</dt>", html, StringComparison.Ordinal);
        Assert.Contains("Late by 1 day<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_late_reply_of_several_days_says_days()
        => Assert.Contains("Late by 3 days<", ReceiptPage.Render(Receipt(onTime: false, daysLate: 3)), StringComparison.Ordinal);

    [Fact]
    public void A_confidentiality_request_reads_as_words_not_as_its_code()
    {
        var html = ReceiptPage.Render(Receipt(onTime: true, daysLate: 0, confidentiality: "privacy-of-victims"));

        Assert.Contains("<dt>Confidentiality requested</dt><dd>Privacy of victims</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("privacy-of-victims", html, StringComparison.Ordinal);
    }
}

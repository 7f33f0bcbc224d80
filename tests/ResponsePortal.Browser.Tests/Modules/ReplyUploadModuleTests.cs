using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/reply-upload.js, run in the browser: per-file progress from bytes sent, and one key per submission.</summary>
public sealed class ReplyUploadModuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private async Task<T> RunAsync<T>(string body)
    {
        await using var tab = await portal.OpenAsync(nameof(ReplyUploadModuleTests));
        await tab.GotoAsync("/");
        return await tab.Page.EvaluateAsync<T>($"async () => {{ const m = await import('/js/reply-upload.js'); {body} }}");
    }

    [Theory]
    // Two files of 100 and 50 bytes in a 170-byte body: the first 20 bytes are the text fields and part headers.
    [InlineData(0, new[] { 0.0, 0.0 })]
    [InlineData(20, new[] { 0.0, 0.0 })]
    [InlineData(70, new[] { 0.5, 0.0 })]
    [InlineData(120, new[] { 1.0, 0.0 })]
    [InlineData(145, new[] { 1.0, 0.5 })]
    [InlineData(170, new[] { 1.0, 1.0 })]
    public async Task Each_file_is_as_far_as_the_bytes_sent_past_the_files_before_it(int loaded, double[] expected)
    {
        var fractions = await RunAsync<double[]>($"return m.perFileProgress([100, 50], {loaded}, 170);");

        Assert.Equal(expected, fractions);
    }

    [Fact]
    public async Task Without_a_known_total_the_files_are_counted_from_the_first_byte()
    {
        var fractions = await RunAsync<double[]>("return m.perFileProgress([10, 10], 15, 0);");

        Assert.Equal([1.0, 0.5], fractions);
    }

    [Fact]
    public async Task A_submission_keeps_its_key_until_the_form_changes_or_the_reply_is_stored()
    {
        var keys = await RunAsync<string[]>("""
            const s = new m.Submission();
            const first = s.key(), retry = s.key();
            s.changed();
            const changed = s.key();
            s.done();
            const next = s.key();
            return [first, retry, changed, next];
            """);

        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(3, keys.Distinct().Count());
        Assert.NotEqual(keys[1], keys[2]);
        Assert.NotEqual(keys[2], keys[3]);
    }
}
